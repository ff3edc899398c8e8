import { Module } from '@nestjs/common';
import { IncidentsModule } from '@app/incidents/incidents.module';
import { IncidentFeedbackResolver } from './incident-feedback.resolver';
import { IncidentFieldsResolver, IncidentReportFieldsResolver } from './incident-report-fields.resolver';
import { IncidentReportQueriesResolver } from './incident-report-queries.resolver';
import { IncidentStatisticsResolver } from './incident-statistics.resolver';
import { IncidentSubmissionResolver } from './incident-submission.resolver';
import { IncidentTriageResolver } from './incident-triage.resolver';

/** Incident reports over GraphQL: submission, reading, feedback, triage; authorities and deadlines. */
@Module({
  imports: [IncidentsModule],
  providers: [
    IncidentReportQueriesResolver,
    IncidentReportFieldsResolver,
    IncidentFieldsResolver,
    IncidentSubmissionResolver,
    IncidentFeedbackResolver,
    IncidentTriageResolver,
    IncidentStatisticsResolver,
  ],
})
export class IncidentsApiModule {}
