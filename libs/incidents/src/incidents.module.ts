import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { AlertsModule } from '@app/alerts/alerts.module';
import { INCIDENT_ENTITIES } from './incident-entities';
import { ReportingAuthorityService } from './authorities/reporting-authority.service';
import { IncidentDeadlineService } from './deadlines/incident-deadline.service';
import { IncidentDeliveryViewService } from './deliveries/incident-delivery-view.service';
import { IncidentCampaignService } from './campaigns/incident-campaign.service';
import { IncidentFeedbackService } from './feedback/incident-feedback.service';
import { IncidentReportQueryService } from './reports/incident-report-query.service';
import { IncidentReportSubmissionService } from './reports/incident-report-submission.service';
import { IncidentRoutingService } from './routing/incident-routing.service';
import { IncidentStatisticsService } from './statistics/incident-statistics.service';
import { AdvisoryDerivationService } from './triage/advisory-derivation.service';
import { ReportAdvisoriesService } from './triage/report-advisories.service';

/**
 * Incident reports: submission (FIRST → FOLLOW_UP → FINAL), the policy-bound reads, feedback
 * threads and the secretariat's triage; reporting authorities, routing, deliveries and deadlines.
 */
@Module({
  imports: [AdvisoriesModule, AlertsModule, TypeOrmModule.forFeature(INCIDENT_ENTITIES)],
  providers: [
    IncidentReportQueryService,
    IncidentReportSubmissionService,
    IncidentFeedbackService,
    IncidentCampaignService,
    AdvisoryDerivationService,
    ReportAdvisoriesService,
    IncidentStatisticsService,
    // Routing, authorities, deliveries, deadlines:
    IncidentRoutingService,
    ReportingAuthorityService,
    IncidentDeliveryViewService,
    IncidentDeadlineService,
  ],
  exports: [
    IncidentReportQueryService,
    IncidentReportSubmissionService,
    IncidentFeedbackService,
    IncidentCampaignService,
    AdvisoryDerivationService,
    ReportAdvisoriesService,
    IncidentStatisticsService,
    IncidentRoutingService,
    ReportingAuthorityService,
    IncidentDeliveryViewService,
    IncidentDeadlineService,
  ],
})
export class IncidentsModule {}
