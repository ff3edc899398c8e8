import { Role } from '@app/platform/vocabulary';
import { buildAbility, type CouncilAbility, type RawCouncilRule } from '../ability';
import type { Reader } from '../reader';

export type AlertAction =
  | 'read'
  | 'acknowledge'
  | 'manage'
  | 'review'
  | 'retry'
  /**
   * Field level, on a delivery: the channel's target in full. Without it a reader sees only where
   * the target points (alert-delivery-projection.ts).
   */
  | 'readTarget';
export type AlertSubject = 'Alert' | 'AlertChannel' | 'AlertDelivery' | 'EmailSecurity' | 'QueueDashboard';
export type AlertAbility = CouncilAbility<AlertAction, AlertSubject>;

/**
 * Alerts and alert channels belong to one person: only they list, acknowledge or change them. A
 * row that fails these checks is answered as NOT_FOUND, so ids of other people's alerts and
 * channels reveal nothing.
 *
 * Deliveries (one per alert and WEBHOOK / EMAIL channel; the condition is on the alert's person):
 * a person reads their own. The secretariat reads every delivery, `review`s the failed deliveries
 * of any advisory (ALERTS.md: "marked failed and visible to the person and the secretariat") and
 * may `retry` a FAILED one; no one else may retry, not even their own. Who reads which deliveries
 * is the WHERE clause of every list of them (alertDeliveryReadSql). Only the owner `readTarget`s:
 * the path or query of a webhook URL is often the receiver's own credential, so the secretariat
 * sees a webhook's origin and an address's domain (projectAlertDelivery).
 *
 * E-mail security (OpenPGP key, required encryption) is the person's own: only they read or
 * change it. The BullMQ dashboard (`/admin/queues`) is read by the active secretariat only.
 */
export function defineAlertAbility(reader: Reader): AlertAbility {
  if (!reader.active) return buildAbility<AlertAction, AlertSubject>([]);
  const rules: RawCouncilRule<AlertAction, AlertSubject>[] = [
    { action: 'read', subject: 'Alert', conditions: { personId: reader.id } },
    { action: 'acknowledge', subject: 'Alert', conditions: { personId: reader.id } },
    { action: 'read', subject: 'AlertChannel', conditions: { personId: reader.id } },
    { action: 'manage', subject: 'AlertChannel', conditions: { personId: reader.id } },
    { action: 'read', subject: 'AlertDelivery', conditions: { personId: reader.id } },
    { action: 'readTarget', subject: 'AlertDelivery', conditions: { personId: reader.id } },
    { action: 'read', subject: 'EmailSecurity', conditions: { personId: reader.id } },
    { action: 'manage', subject: 'EmailSecurity', conditions: { personId: reader.id } },
  ];
  if (reader.roles.includes(Role.SECRETARIAT)) {
    rules.push(
      { action: 'read', subject: 'AlertDelivery' },
      { action: 'review', subject: 'AlertDelivery' },
      { action: 'retry', subject: 'AlertDelivery', conditions: { status: 'FAILED' } },
      { action: 'read', subject: 'QueueDashboard' },
    );
  }
  return buildAbility<AlertAction, AlertSubject>(rules);
}
