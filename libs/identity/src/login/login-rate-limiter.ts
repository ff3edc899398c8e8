import { createHash } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { CouncilError } from '@app/platform/errors/council-error';
import { RedisConnection } from '@app/platform/redis/redis.provider';

/**
 * Failed sign-ins counted per account and per client address in Redis, so every API replica
 * shares the count. Unknown addresses are counted exactly like known ones: the limit must not
 * tell them apart. Accounts are keyed by a hash, so Redis holds no e-mail addresses.
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

  /** Throws RATE_LIMITED while either the account or the address has used up its failures. */
  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, client] = await Promise.all([
      this.perAccount.get(accountKey(email)),
      this.perAddress.get(address),
    ]);
    const waits = [
      blockedFor(account, this.perAccount.points),
      blockedFor(client, this.perAddress.points),
    ].filter((ms): ms is number => ms !== null);
    if (waits.length === 0) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(Math.max(...waits) / 1000));
    throw new CouncilError(
      'RATE_LIMITED',
      `Too many failed sign-in attempts: try again in ${retryAfterSeconds} seconds`,
      { retryAfterSeconds },
    );
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([consume(this.perAccount, accountKey(email)), consume(this.perAddress, address)]);
  }

  /** A successful sign-in clears the account's count (not the address's: it may be shared). */
  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(accountKey(email));
  }
}

function accountKey(email: string): string {
  return createHash('sha256').update(email).digest('hex');
}

function blockedFor(state: RateLimiterRes | null, points: number): number | null {
  return state !== null && state.consumedPoints >= points ? state.msBeforeNext : null;
}

async function consume(limiter: RateLimiterRedis, key: string): Promise<void> {
  try {
    await limiter.consume(key);
  } catch (error) {
    // Over the limit already: the next attempt is refused by assertAllowed.
    if (!(error instanceof RateLimiterRes)) throw error;
  }
}
