import { ConfigError, integer } from '@app/platform/config/council-config';

/**
 * Storm control and digests (ALERTS.md, issue 4 "Each person chooses what reaches them"), read
 * from the environment when the alerts module is built; a malformed value stops the process.
 */
export interface AlertPreferenceSettings {
  /**
   * `advisory.updated` events of one advisory within this window coalesce into one fan-out (of the
   * newest event, a BullMQ job delayed by the window and deduplicated per advisory). 0: no coalescing.
   * Updates that make an advisory CRITICAL are never delayed.
   */
  coalesceMs: number;
  /** At most this many alerts per person per originator organisation in 24 hours; CRITICAL is never capped. 0: no cap. */
  dailyCapPerOriginator: number;
  /** When the daily digest runs: a cron pattern in `digestTimeZone` (default 08:00 Japan time)… */
  digestPattern: string;
  digestTimeZone: string;
  /** …or, when set (tests), every this many milliseconds instead. */
  digestEveryMs: number | null;
}

type Env = Record<string, string | undefined>;


export function loadAlertPreferenceSettings(env: Env = process.env): AlertPreferenceSettings {
  const pattern = env.COUNCIL_ALERT_DIGEST_CRON?.trim() || '0 8 * * *';
  if (pattern.split(/\s+/).length < 5) throw new ConfigError('COUNCIL_ALERT_DIGEST_CRON must be a cron pattern such as "0 8 * * *"');
  const everyRaw = env.COUNCIL_ALERT_DIGEST_EVERY_MS?.trim();
  const digestEveryMs = everyRaw ? integer(env, 'COUNCIL_ALERT_DIGEST_EVERY_MS', 0, 0, 7 * 86_400_000) : null;
  if (digestEveryMs !== null && digestEveryMs < 100) throw new ConfigError('COUNCIL_ALERT_DIGEST_EVERY_MS must be at least 100');
  return {
    coalesceMs: integer(env, 'COUNCIL_ALERT_COALESCE_MS', 180_000, 0, 3_600_000),
    dailyCapPerOriginator: integer(env, 'COUNCIL_ALERT_DAILY_CAP_PER_ORIGINATOR', 50, 0, 1_000_000),
    digestPattern: pattern,
    digestTimeZone: env.COUNCIL_ALERT_DIGEST_TZ?.trim() || 'Asia/Tokyo',
    digestEveryMs,
  };
}

export const ALERT_PREFERENCE_SETTINGS = Symbol('ALERT_PREFERENCE_SETTINGS');
