import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { projectAlertContent } from '@app/policy/alerts/alert-content-projection';
import type { AccessLevel } from '@app/platform/vocabulary';
import type { OutboxEventType } from '@app/outbox/outbox-event.entity';

/** The body of a webhook POST, exactly the fields of ALERTS.md "Webhook delivery". */
export interface AlertPayload {
  deliveryId: string;
  alertId: string;
  event: OutboxEventType;
  advisoryId: string;
  severity: string;
  access: AccessLevel;
  title: string;
  recommendedActions: string[] | null;
  url: string;
  occurredAt: string;
}

export function placeholderTitle(severity: string): string {
  return `${severity} advisory — sign in to read`;
}

/** The webhook body of one alert; what it may say of the advisory is the policy's (projectAlertContent). */
export function buildAlertPayload(input: {
  deliveryId: string;
  alertId: string;
  event: OutboxEventType;
  occurredAt: Date;
  access: AccessLevel;
  severity: string;
  advisory: AdvisoryRecord;
  publicUrl: string;
}): AlertPayload {
  const { advisory, access } = input;
  const content = projectAlertContent(advisory, access, input.event === 'advisory.withdrawn');
  return {
    deliveryId: input.deliveryId,
    alertId: input.alertId,
    event: input.event,
    advisoryId: advisory.id,
    severity: input.severity,
    access,
    title: content?.title ?? placeholderTitle(input.severity),
    recommendedActions: content?.recommendedActions ?? null,
    url: `${input.publicUrl}/advisories/${advisory.id}`,
    occurredAt: input.occurredAt.toISOString(),
  };
}
