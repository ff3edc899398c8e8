import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { BULLMQ_CONNECTION, BULLMQ_QUEUE_CONNECTION } from './bullmq-connection';

/** Closes the worker's two Redis connections last, after every worker and queue has closed on them. */
class WorkerRedisConnections implements OnApplicationShutdown {
  constructor(
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    @Inject(BULLMQ_QUEUE_CONNECTION) private readonly queueConnection: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
    await this.queueConnection.quit().catch(() => this.queueConnection.disconnect());
  }
}

@Global()
@Module({
  providers: [
    {
      provide: BULLMQ_CONNECTION,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
        connection.on('error', () => undefined);
        return connection;
      },
    },
    {
      provide: BULLMQ_QUEUE_CONNECTION,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
        connection.on('error', () => undefined);
        return connection;
      },
    },
    WorkerRedisConnections,
  ],
  exports: [BULLMQ_CONNECTION, BULLMQ_QUEUE_CONNECTION],
})
export class WorkerRedisModule {}
