import { ReportingAuthorityEntity } from './authorities/reporting-authority.entity';
import { IncidentCampaignReportEntity } from './campaigns/incident-campaign-report.entity';
import { IncidentCampaignEntity } from './campaigns/incident-campaign.entity';
import { IncidentCaseEntity } from './cases/incident-case.entity';
import { IncidentFollowUpDeadlineEntity } from './deadlines/incident-follow-up-deadline.entity';
import { IncidentFollowUpReminderEntity } from './deadlines/incident-follow-up-reminder.entity';
import { IncidentDeliveryEntity } from './deliveries/incident-delivery.entity';
import { IncidentFeedbackMessageEntity } from './feedback/incident-feedback-message.entity';
import { IncidentReportEntity } from './reports/incident-report.entity';
import { IncidentReportAdvisoryEntity } from './triage/incident-report-advisory.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const INCIDENT_ENTITIES = [
  IncidentCaseEntity,
  IncidentReportEntity,
  IncidentFeedbackMessageEntity,
  IncidentCampaignEntity,
  IncidentCampaignReportEntity,
  IncidentReportAdvisoryEntity,
  ReportingAuthorityEntity,
  IncidentDeliveryEntity,
  IncidentFollowUpDeadlineEntity,
  IncidentFollowUpReminderEntity,
];
