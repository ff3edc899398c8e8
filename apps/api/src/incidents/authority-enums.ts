import { registerEnumType } from '@nestjs/graphql';
import { IncidentDeliveryStatus, PersonalDataCondition, ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';

registerEnumType(ReportingAuthorityKind, { name: 'ReportingAuthorityKind' });
registerEnumType(ReportingChannelKind, {
  name: 'ReportingChannelKind',
  description: 'A signed webhook (ALERTS.md signatures) or an e-mail address.',
});
registerEnumType(IncidentDeliveryStatus, {
  name: 'IncidentDeliveryStatus',
  description:
    'PENDING: being sent or retried; DELIVERED: the authority accepted it; FAILED: every attempt failed (the secretariat may retry); CANCELLED: not sent, because the reporter withdrew the consent the authority requires (not retriable).',
});
registerEnumType(PersonalDataCondition, {
  name: 'PersonalDataCondition',
  description: 'ANY report; only reports that say personal data is INVOLVED; or only those that say it is NOT_INVOLVED.',
});

export enum IncidentReminderStatus {
  PENDING = 'PENDING',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(IncidentReminderStatus, {
  name: 'IncidentReminderStatus',
  description: 'The e-mail reminder of an overdue follow-up; CANCELLED: a follow-up arrived before it went out.',
});

export enum IncidentRoutingReason {
  RULE = 'RULE',
  PERMITTED = 'PERMITTED',
  EARLIER_REPORT = 'EARLIER_REPORT',
}
registerEnumType(IncidentRoutingReason, {
  name: 'IncidentRoutingReason',
  description:
    'Why a report went to an authority: RULE (one of its routing rules matched), PERMITTED (the reporter named it), EARLIER_REPORT (it had an earlier report on the incident).',
});
