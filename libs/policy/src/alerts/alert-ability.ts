import { buildAbility, type CouncilAbility } from '../ability';
import type { Reader } from '../reader';

export type AlertAction = 'read' | 'acknowledge' | 'manage';
export type AlertSubject = 'Alert' | 'AlertChannel';
export type AlertAbility = CouncilAbility<AlertAction, AlertSubject>;

/**
 * Alerts and alert channels belong to one person: only they list, acknowledge or change them.
 * (The secretariat's view of failed deliveries is a separate, later rule.) A row that fails these
 * checks is answered as NOT_FOUND, so ids of other people's alerts and channels reveal nothing.
 */
export function defineAlertAbility(reader: Reader): AlertAbility {
  if (!reader.active) return buildAbility<AlertAction, AlertSubject>([]);
  return buildAbility<AlertAction, AlertSubject>([
    { action: 'read', subject: 'Alert', conditions: { personId: reader.id } },
    { action: 'acknowledge', subject: 'Alert', conditions: { personId: reader.id } },
    { action: 'read', subject: 'AlertChannel', conditions: { personId: reader.id } },
    { action: 'manage', subject: 'AlertChannel', conditions: { personId: reader.id } },
  ]);
}
