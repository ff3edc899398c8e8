import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisConnection } from '@app/platform/redis/redis.provider';
import { FEED_RATE_LIMITS, type FeedRateLimits } from './feed-rate-limits';

/**
 * Pull limits for the Atom feed and TAXII, counted in Redis so every API replica shares them.
 * Every pull from an address counts, authenticated or not (it also slows down token guessing);
 * an authenticated pull counts once more for its person, whichever of their tokens it used.
 */
@Injectable()
export class FeedRateLimiter {
  private readonly perPerson: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(FEED_RATE_LIMITS) limits: FeedRateLimits, redis: RedisConnection) {
    this.perPerson = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: 'feed-pulls-person',
      points: limits.pullsPerPerson,
      duration: limits.windowSeconds,
    });
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: 'feed-pulls-address',
      points: limits.pullsPerAddress,
      duration: limits.windowSeconds,
    });
  }

  /** Counts a pull from `address`; the seconds to wait when over the limit, else null. */
  consumeAddress(address: string): Promise<number | null> {
    return consume(this.perAddress, address);
  }

  /** Counts a pull on behalf of a person; the seconds to wait when over the limit, else null. */
  consumePerson(personId: string): Promise<number | null> {
    return consume(this.perPerson, personId);
  }
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (!(error instanceof RateLimiterRes)) throw error;
    return Math.max(1, Math.ceil(error.msBeforeNext / 1000));
  }
}
