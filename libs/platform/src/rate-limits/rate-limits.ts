import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { CouncilError } from '../errors/council-error';
import { RedisConnection } from '../redis/redis.provider';

export interface RateLimitRule {
  /** Names the counter in Redis (under the deployment's prefix). */
  name: string;
  /** Attempts allowed per window. */
  points: number;
  windowSeconds: number;
}

/** One counted attempt against one rule, e.g. [invitationsPerPerson, person.id]. */
export type RateLimitCharge = readonly [RateLimit, string];

/**
 * A Redis-backed counter (shared by every API replica). Keys are hashed before they reach Redis,
 * so it never holds e-mail addresses or tokens.
 */
export class RateLimit {
  constructor(
    readonly rule: RateLimitRule,
    private readonly limiter: RateLimiterRedis,
  ) {}

  /** Counts one attempt; the milliseconds to wait when it is over the limit, or null. */
  async consume(key: string): Promise<number | null> {
    try {
      await this.limiter.consume(hashKey(key));
      return null;
    } catch (error) {
      if (error instanceof RateLimiterRes) return error.msBeforeNext;
      throw error;
    }
  }
}

/**
 * Builds rate limits and charges attempts against several at once (per person and per address):
 * each counts, and the attempt is refused with RATE_LIMITED — the code the sign-in limit uses,
 * with `retryAfterSeconds` in the details — when any of them is exceeded. GraphQL resolvers and
 * REST endpoints share it.
 */
@Injectable()
export class RateLimits {
  constructor(private readonly redis: RedisConnection) {}

  define(rule: RateLimitRule): RateLimit {
    return new RateLimit(
      rule,
      new RateLimiterRedis({
        storeClient: this.redis.client,
        keyPrefix: `rate-${rule.name}`,
        points: rule.points,
        duration: rule.windowSeconds,
      }),
    );
  }

  /** Throws CouncilError RATE_LIMITED (message: `refusal`, then when to try again) if any charge is over its limit. */
  async charge(charges: readonly RateLimitCharge[], refusal: string): Promise<void> {
    const waits = (await Promise.all(charges.map(([limit, key]) => limit.consume(key)))).filter((ms): ms is number => ms !== null);
    if (waits.length === 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new CouncilError('RATE_LIMITED', `${refusal}: try again in ${retryAfterSeconds} seconds`, { retryAfterSeconds });
  }
}

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
