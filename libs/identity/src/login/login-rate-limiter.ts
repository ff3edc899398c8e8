import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { CouncilError } from '@app/platform/errors/council-error';
import { RedisConnection } from '@app/platform/redis/redis.provider';

/**
 * Sign-in attempts counted per account and per client address in Redis, so every API replica
 * shares the count. An attempt is counted (atomically, in Redis) before its password is checked:
 * a check made first and counted after would let any number of parallel guesses through while
 * the count still looked low. A success gives its attempt back, so the limits bound failures.
 * Unknown addresses are counted exactly like known ones: the limit must not tell them apart.
 * Accounts are keyed by a hash, so Redis holds no e-mail addresses.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(@Inject(COUNCIL_CONFIG) config: CouncilConfig, redis: RedisConnection) {
    const { maxFailuresPerAccount, maxFailuresPerAddress, windowSeconds } = config.login;
    this.perAccount = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: 'login-failures-account',
      points: maxFailuresPerAccount,
      duration: windowSeconds,
    });
    this.perAddress = new RateLimiterRedis({
      storeClient: redis.client,
      keyPrefix: 'login-failures-address',
      points: maxFailuresPerAddress,
      duration: windowSeconds,
    });
  }

  /**
   * Counts one attempt against the account, then the address; throws RATE_LIMITED when either has
   * none left. An attempt refused for the address gives the account its point back (its password
   * is never checked); one refused for the account does not count against the address.
   */
  async charge(email: string, address: string): Promise<void> {
    const account = accountKey(email);
    const accountWait = await consume(this.perAccount, account);
    if (accountWait !== null) throw rateLimited(accountWait);
    const addressWait = await consume(this.perAddress, address);
    if (addressWait !== null) {
      await this.perAccount.reward(account, 1);
      throw rateLimited(addressWait);
    }
  }

  /**
   * A successful sign-in clears the account's count and gives the address its attempt back (the
   * address may be shared, so its other attempts stay counted).
   */
  async recordSuccess(email: string, address: string): Promise<void> {
    await Promise.all([this.perAccount.delete(accountKey(email)), this.perAddress.reward(address, 1)]);
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

/** Counts one point; the milliseconds to wait when there was none left, or null. */
async function consume(limiter: RateLimiterRedis, key: string): Promise<number | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (error) {
    if (error instanceof RateLimiterRes) return error.msBeforeNext;
    throw error;
  }
}

function rateLimited(waitMs: number): CouncilError {
  const retryAfterSeconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new CouncilError('RATE_LIMITED', `Too many failed sign-in attempts: try again in ${retryAfterSeconds} seconds`, {
    retryAfterSeconds,
  });
}
