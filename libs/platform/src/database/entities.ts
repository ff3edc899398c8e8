import { AdvisoryEntity } from '@app/advisories/entities/advisory.entity';
import { AdvisoryVersionEntity } from '@app/advisories/entities/advisory-version.entity';
import { WideningProposalEntity } from '@app/advisories/entities/widening-proposal.entity';
import { AlertEntity } from '@app/alerts/alerts/alert.entity';
import { AlertChannelEntity } from '@app/alerts/channels/alert-channel.entity';
import { AlertDeliveryEntity } from '@app/alerts/deliveries/alert-delivery.entity';
import { AlertDigestEntity } from '@app/alerts/digest/alert-digest.entity';
import { EmailSecurityEntity } from '@app/alerts/email-security/email-security.entity';
import { OutboxEventEntity } from '@app/alerts/outbox/outbox-event.entity';
import { AccessLogEntryEntity } from '@app/audit/access-log-entry.entity';
import { AuditLogEntryEntity } from '@app/audit/audit-log-entry.entity';
import { IncidentCampaignEntity } from '@app/incidents/campaigns/incident-campaign.entity';
import { IncidentCampaignReportEntity } from '@app/incidents/campaigns/incident-campaign-report.entity';
import { IncidentCaseEntity } from '@app/incidents/cases/incident-case.entity';
import { IncidentFeedbackMessageEntity } from '@app/incidents/feedback/incident-feedback-message.entity';
import { IncidentReportEntity } from '@app/incidents/reports/incident-report.entity';
import { IncidentReportAdvisoryEntity } from '@app/incidents/triage/incident-report-advisory.entity';
import { ReportingAuthorityEntity } from '@app/incidents/authorities/reporting-authority.entity';
import { IncidentDeliveryEntity } from '@app/incidents/deliveries/incident-delivery.entity';
import { IncidentFollowUpDeadlineEntity } from '@app/incidents/deadlines/incident-follow-up-deadline.entity';
import { IncidentFollowUpReminderEntity } from '@app/incidents/deadlines/incident-follow-up-reminder.entity';
import { InvitationEntity } from '@app/identity/invitations/invitation.entity';
import { ClearanceGrantRequestEntity } from '@app/membership/clearances/clearance-grant-request.entity';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import { FeedTokenEntity } from '@app/feeds/tokens/feed-token.entity';

/** Every table's entity, as a class list (not a glob) so that ts-node, Jest and dist agree. */
export const ENTITIES = [
  OrganisationEntity,
  PersonEntity,
  InvitationEntity,
  ClearanceGrantRequestEntity,
  AuditLogEntryEntity,
  AccessLogEntryEntity,
  AdvisoryEntity,
  AdvisoryVersionEntity,
  WideningProposalEntity,
  OutboxEventEntity,
  AlertChannelEntity,
  AlertEntity,
  AlertDeliveryEntity,
  AlertDigestEntity,
  EmailSecurityEntity,
  FeedTokenEntity,
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
