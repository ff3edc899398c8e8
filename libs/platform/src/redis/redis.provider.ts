import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { COUNCIL_CONFIG, type CouncilConfig } from '../config/council-config';

/**
 * The process's Redis connection for everything but BullMQ (rate limits, pub/sub fan-in).
 * Keys are prefixed with the deployment's prefix so that test runs never share state.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  readonly client: Redis;

  constructor(@Inject(COUNCIL_CONFIG) config: CouncilConfig) {
    this.client = new Redis(config.redisUrl, {
      keyPrefix: `${config.redisPrefix}:`,
      // While Redis is away a command fails after two reconnection attempts, at most a second
      // apart: a sign-in whose rate limit cannot be checked is refused quickly (SERVICE_UNAVAILABLE),
      // never let through unlimited and never left hanging. Reconnection goes on for ever.
      maxRetriesPerRequest: 2,
      retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
      enableOfflineQueue: true,
      lazyConnect: false,
    });
    // Errors surface on the commands that fail; without a listener ioredis would log noise.
    this.client.on('error', () => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.quit().catch(() => this.client.disconnect());
  }
}
