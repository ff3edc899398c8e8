import { Args, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentDeadlineService } from '@app/incidents/deadlines/incident-deadline.service';
import { DeliveriesPageArgs } from '../alerts/dto/deliveries.args';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { SetIncidentFollowUpDeadlineArgs } from './dto/deadline.args';
import { IncidentFollowUpDeadlineModel, IncidentFollowUpModel, OverdueIncidentReportModel } from './models/deadline.model';
import { IncidentReportModel } from './models/incident-report.model';

/** Follow-up deadlines: the secretariat's settings and overdue list; the follow-up state on a FIRST report. */
@Resolver(() => IncidentReportModel)
export class DeadlinesResolver {
  constructor(private readonly deadlines: IncidentDeadlineService) {}

  @Query(() => [IncidentFollowUpDeadlineModel], {
    description: 'Secretariat only: the default follow-up time first, then the per-type ones.',
  })
  async incidentFollowUpDeadlines(@CurrentPerson() reader: AuthenticatedPerson): Promise<IncidentFollowUpDeadlineModel[]> {
    return (await this.deadlines.settings(reader)).map((view) => IncidentFollowUpDeadlineModel.from(view));
  }

  @Mutation(() => [IncidentFollowUpDeadlineModel], {
    description: 'Secretariat only: the follow-up time after a FIRST report, for one incident type or (type left out) the default.',
  })
  async setIncidentFollowUpDeadline(
    @Args() args: SetIncidentFollowUpDeadlineArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<IncidentFollowUpDeadlineModel[]> {
    return (await this.deadlines.set(reader, args.incidentType ?? null, args.followUpSeconds ?? null)).map((view) =>
      IncidentFollowUpDeadlineModel.from(view),
    );
  }

  @Query(() => [OverdueIncidentReportModel], {
    description: 'Secretariat only: FIRST reports whose follow-up is overdue, the most overdue first.',
  })
  async overdueIncidentReports(
    @Args() args: DeliveriesPageArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<OverdueIncidentReportModel[]> {
    return (await this.deadlines.overdue(reader, args.first)).map((view) => OverdueIncidentReportModel.from(view));
  }

  @ResolveField(() => IncidentFollowUpModel, {
    nullable: true,
    description: 'On a FIRST report: when a follow-up is due, whether it is overdue, the reminder.',
  })
  async followUp(@Parent() report: IncidentReportModel): Promise<IncidentFollowUpModel | null> {
    // The parent was read through the report policy; its readers see its deadline.
    const state = await this.deadlines.followUpOf(report.id);
    return state ? IncidentFollowUpModel.from(state) : null;
  }
}
