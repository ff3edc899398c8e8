import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { encodeLiveAlerts, LIVE_ALERTS_BATCH, liveAlertsChannel } from './live-alerts';

/**
 * The worker's side of the live in-app channel: after the fan-out's INSERT commits, the ids of
 * the new alerts are published for the API replicas. Best effort and bounded in time: a Redis
 * outage never fails or delays a fan-out for long (the alerts are committed; myAlerts lists them).
 * Its own connection (opened on first use, no key prefix: the prefix is in the channel name).
 */
@Injectable()
export class LiveAlertPublisher implements OnApplicationShutdown {
  private readonly logger = new Logger('LiveAlerts');
  private connection: Redis | null = null;
  private readonly channel: string;

  constructor(@Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig) {
    this.channel = liveAlertsChannel(config.redisPrefix);
  }

  async publish(alertIds: readonly string[]): Promise<void> {
    if (alertIds.length === 0) return;
    try {
      const connection = this.open();
      for (let start = 0; start < alertIds.length; start += LIVE_ALERTS_BATCH) {
        await connection.publish(this.channel, encodeLiveAlerts(alertIds.slice(start, start + LIVE_ALERTS_BATCH)));
      }
    } catch (error) {
      this.logger.warn(`live push of ${alertIds.length} alerts skipped: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private open(): Redis {
    if (!this.connection) {
      this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 1, commandTimeout: 2_000 });
      this.connection.on('error', () => undefined);
    }
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    const connection = this.connection;
    this.connection = null;
    if (connection) await connection.quit().catch(() => connection.disconnect());
  }
}
