import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { AccessLevel, AdvisoryStatus, Classification } from '@app/platform/vocabulary';
import type { OutboxEventType } from '../outbox/outbox-event.entity';

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

/**
 * What an alert may carry outside the platform (ALERTS.md "What an alert carries"): the title and
 * recommended actions of the view the recipient reads only when that view is UNCLASSIFIED and the
 * advisory is still published (a withdrawn advisory's content is retracted); otherwise the
 * placeholder title and no actions. Never a body, indicators, originator or audience.
 */
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
  const view =
    access === AccessLevel.FULL
      ? { classification: advisory.fullClassification, title: advisory.fullTitle, actions: advisory.fullRecommendedActions }
      : access === AccessLevel.TEAR_LINE && advisory.hasTearLine
        ? {
            classification: advisory.tearLineClassification,
            title: advisory.tearLineTitle,
            actions: advisory.tearLineRecommendedActions,
          }
        : null;
  const shareable =
    view !== null &&
    view.classification === Classification.UNCLASSIFIED &&
    advisory.status === AdvisoryStatus.PUBLISHED &&
    input.event !== 'advisory.withdrawn' &&
    typeof view.title === 'string';
  return {
    deliveryId: input.deliveryId,
    alertId: input.alertId,
    event: input.event,
    advisoryId: advisory.id,
    severity: input.severity,
    access,
    title: shareable ? (view.title as string) : placeholderTitle(input.severity),
    recommendedActions: shareable ? [...(view.actions ?? [])] : null,
    url: `${input.publicUrl}/advisories/${advisory.id}`,
    occurredAt: input.occurredAt.toISOString(),
  };
}
