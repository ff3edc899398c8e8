import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentFeedbackService } from '@app/incidents/feedback/incident-feedback.service';
import { IncidentReportQueryService } from '@app/incidents/reports/incident-report-query.service';
import { ReportAdvisoriesService } from '@app/incidents/triage/report-advisories.service';
import { AdvisoryModel } from '../advisories/models/advisory.model';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { IncidentFeedbackMessageModel } from './models/incident-feedback-message.model';
import { IncidentReportModel } from './models/incident-report.model';
import { IncidentModel } from './models/incident.model';

/** A report's incident, its feedback thread and the advisories it led to — each asked of the policy again. */
@Resolver(() => IncidentReportModel)
export class IncidentReportFieldsResolver {
  constructor(
    private readonly queries: IncidentReportQueryService,
    private readonly feedbackThreads: IncidentFeedbackService,
    private readonly advisories: ReportAdvisoriesService,
  ) {}

  @ResolveField(() => IncidentModel)
  async incident(@Parent() report: IncidentReportModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<IncidentModel | null> {
    const incident = await this.queries.findVisibleIncident(reader, report.incidentId);
    return incident ? IncidentModel.from(incident) : null;
  }

  @ResolveField(() => [IncidentFeedbackMessageModel], {
    description: "The report's feedback thread between the reporting organisation and the secretariat, oldest first.",
  })
  async feedback(
    @Parent() report: IncidentReportModel,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<IncidentFeedbackMessageModel[]> {
    const thread = await this.feedbackThreads.thread(reader, report.id);
    return (thread ?? []).map((view) => IncidentFeedbackMessageModel.from(view));
  }

  @ResolveField(() => [AdvisoryModel], {
    description: 'The advisories derived from this report that the reader may see (a draft, or one outside their audience, is not listed).',
  })
  async ledToAdvisories(@Parent() report: IncidentReportModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<AdvisoryModel[]> {
    return (await this.advisories.ledTo(reader, report.id)).map((view) => AdvisoryModel.fromView(view));
  }
}

/** The reports of an incident that the reader may see, FIRST first. */
@Resolver(() => IncidentModel)
export class IncidentFieldsResolver {
  constructor(private readonly queries: IncidentReportQueryService) {}

  @ResolveField(() => [IncidentReportModel])
  async reports(@Parent() incident: IncidentModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<IncidentReportModel[]> {
    return (await this.queries.reportsOfIncident(reader, incident.id)).map((view) => IncidentReportModel.from(view));
  }
}
