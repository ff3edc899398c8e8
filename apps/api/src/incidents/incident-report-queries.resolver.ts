import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentReportQueryService } from '@app/incidents/reports/incident-report-query.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { IncidentReportsArgs } from './dto/incident-reports.args';
import { IncidentReportConnectionModel } from './models/incident-report-connection.model';
import { IncidentReportModel } from './models/incident-report.model';
import { IncidentModel } from './models/incident.model';

/** The connection carries what its lazy totalCount needs. */
type ReportConnection = IncidentReportConnectionModel & { countVisible: () => Promise<number> };

/**
 * Reading reports: the reporter's side (author, the incident's opener, ORG_ADMIN/CISO of the
 * reporting organisation) and the secretariat; nobody else. A report or incident that does not
 * exist for the reader is null, exactly like one that never existed.
 */
@Resolver(() => IncidentReportConnectionModel)
export class IncidentReportQueriesResolver {
  constructor(private readonly queries: IncidentReportQueryService) {}

  @Query(() => IncidentReportConnectionModel, {
    description: 'The incident reports the reader may see, newest first, the policy applied in the query itself.',
  })
  async incidentReports(@Args() args: IncidentReportsArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<ReportConnection> {
    const filter = args.filter ?? {};
    const page = await this.queries.page(reader, filter, args.first, args.after);
    return Object.assign(new IncidentReportConnectionModel(), {
      edges: page.edges.map((edge) => ({ cursor: edge.cursor, node: IncidentReportModel.from(edge.report) })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      countVisible: () => this.queries.count(reader, filter),
    });
  }

  @ResolveField(() => Number)
  totalCount(@Parent() connection: ReportConnection): Promise<number> {
    return connection.countVisible();
  }

  @Query(() => IncidentReportModel, {
    nullable: true,
    description: 'Null when the report does not exist for this reader, whatever the reason.',
  })
  async incidentReport(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<IncidentReportModel | null> {
    const report = await this.queries.findVisible(reader, id);
    return report ? IncidentReportModel.from(report) : null;
  }

  @Query(() => IncidentModel, {
    nullable: true,
    description: 'Null when the incident does not exist for this reader, whatever the reason.',
  })
  async incident(@Args('id', { type: () => ID }) id: string, @CurrentPerson() reader: AuthenticatedPerson): Promise<IncidentModel | null> {
    const incident = await this.queries.findVisibleIncident(reader, id);
    return incident ? IncidentModel.from(incident) : null;
  }
}
