import { ConfigError } from '@app/platform/config/council-config';

/** Pulls allowed per window, per person (all their tokens together) and per client address. */
export interface FeedRateLimits {
  pullsPerPerson: number;
  pullsPerAddress: number;
  windowSeconds: number;
}

export const FEED_RATE_LIMITS = Symbol('FEED_RATE_LIMITS');

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}`);
  return value;
}

/**
 * Read once at boot, like the rest of the configuration. The defaults let a reader poll every few
 * seconds; an address gets more because several local governments may share one proxy.
 */
export function loadFeedRateLimits(env: Env = process.env): FeedRateLimits {
  return {
    pullsPerPerson: integer(env, 'COUNCIL_FEED_PULLS_PER_PERSON', 60, 1, 100_000),
    pullsPerAddress: integer(env, 'COUNCIL_FEED_PULLS_PER_ADDRESS', 300, 1, 1_000_000),
    windowSeconds: integer(env, 'COUNCIL_FEED_RATE_WINDOW_SECONDS', 60, 1, 86_400),
  };
}
