import { Inject, Injectable } from '@nestjs/common';
import { RateLimits, type RateLimit } from '@app/platform/rate-limits/rate-limits';
import { FEED_RATE_LIMITS, type FeedRateLimits } from './feed-rate-limits';

/**
 * Pull limits for the Atom feed and TAXII, counted in Redis so every API replica shares them.
 * Every pull from an address counts, authenticated or not (it also slows down token guessing);
 * an authenticated pull counts once more for its person, whichever of their tokens it used.
 * The feeds answer over HTTP (429 with Retry-After), so this reports the wait rather than throwing.
 */
@Injectable()
export class FeedRateLimiter {
  private readonly perPerson: RateLimit;
  private readonly perAddress: RateLimit;

  constructor(@Inject(FEED_RATE_LIMITS) limits: FeedRateLimits, rateLimits: RateLimits) {
    this.perPerson = rateLimits.define({ name: 'feed-pulls-person', points: limits.pullsPerPerson, windowSeconds: limits.windowSeconds });
    this.perAddress = rateLimits.define({
      name: 'feed-pulls-address',
      points: limits.pullsPerAddress,
      windowSeconds: limits.windowSeconds,
    });
  }

  /** Counts a pull from `address`; the seconds to wait when over the limit, else null. */
  consumeAddress(address: string): Promise<number | null> {
    return secondsToWait(this.perAddress, address);
  }

  /** Counts a pull on behalf of a person; the seconds to wait when over the limit, else null. */
  consumePerson(personId: string): Promise<number | null> {
    return secondsToWait(this.perPerson, personId);
  }
}

async function secondsToWait(limit: RateLimit, key: string): Promise<number | null> {
  const ms = await limit.consume(key);
  return ms === null ? null : Math.max(1, Math.ceil(ms / 1000));
}
