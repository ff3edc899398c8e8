/**
 * The live in-app channel between the worker and every API replica (issue 4, IN_APP): a Redis
 * pub/sub channel under the deployment's prefix that carries alert ids only, never content. Each
 * API replica maps the ids to its own subscribers' rows (`alerts.person_id`), and resolves what a
 * subscriber may read through the policy at delivery time.
 *
 * Pub/sub is at most once: a replica that is disconnected misses the message, and a crash between
 * the fan-out's commit and its publish loses the push. Nothing is lost for the person: the alert
 * is committed and listed by `myAlerts`; the push only makes it appear without polling.
 */
export const LIVE_ALERTS_CHANNEL_SUFFIX = 'alerts:live';

/** Ids per message: small messages, and a nationwide fan-out never builds one huge string. */
export const LIVE_ALERTS_BATCH = 1000;

export interface LiveAlertsMessage {
  alertIds: string[];
}

/** The channel of one deployment (test runs and deployments sharing a Redis never cross). */
export function liveAlertsChannel(redisPrefix: string): string {
  return `${redisPrefix}:${LIVE_ALERTS_CHANNEL_SUFFIX}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function encodeLiveAlerts(alertIds: string[]): string {
  return JSON.stringify({ alertIds } satisfies LiveAlertsMessage);
}

/** The uuids of a message; anything malformed is dropped (a message is never trusted beyond ids). */
export function decodeLiveAlerts(raw: string): string[] {
  try {
    const parsed: unknown = JSON.parse(raw);
    if (typeof parsed !== 'object' || parsed === null) return [];
    const ids = (parsed as { alertIds?: unknown }).alertIds;
    if (!Array.isArray(ids)) return [];
    return ids.filter((id): id is string => typeof id === 'string' && UUID.test(id)).slice(0, LIVE_ALERTS_BATCH);
  } catch {
    return [];
  }
}
