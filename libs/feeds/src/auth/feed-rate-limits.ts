import { integer } from '@app/platform/config/council-config';

/** Pulls allowed per window, per person (all their tokens together) and per client address. */
export interface FeedRateLimits {
  pullsPerPerson: number;
  pullsPerAddress: number;
  windowSeconds: number;
}

export const FEED_RATE_LIMITS = Symbol('FEED_RATE_LIMITS');

type Env = Record<string, string | undefined>;


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
