import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertDigestService, DIGEST_QUEUE, type DigestJobData } from '@app/alerts/digest/alert-digest.service';
import { ALERT_PREFERENCE_SETTINGS, type AlertPreferenceSettings } from '@app/alerts/preferences/alert-preference-settings';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';

const SCHEDULER_ID = 'daily-digest';

/**
 * The daily digest on its own queue and Redis connection: a BullMQ job scheduler adds one 'collect'
 * job per day (COUNCIL_ALERT_DIGEST_CRON in COUNCIL_ALERT_DIGEST_TZ, or every
 * COUNCIL_ALERT_DIGEST_EVERY_MS), which makes the digests and adds one 'send' job per digest
 * (job id digest-<id>, retried with the deliveries' backoff). Every worker process upserts the
 * same scheduler, so there is one run per day however many workers there are.
 */
@Injectable()
export class DigestProcessors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertDigestWorker');
  private connection: Redis | null = null;
  private queue: Queue<DigestJobData> | null = null;
  private worker: Worker<DigestJobData> | null = null;
  private scheduling: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(ALERT_PREFERENCE_SETTINGS) private readonly preferences: AlertPreferenceSettings,
    private readonly digests: AlertDigestService,
  ) {}

  onApplicationBootstrap(): void {
    const connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    this.connection = connection;
    const common = { connection, prefix: this.config.redisPrefix };
    const queue = new Queue<DigestJobData>(DIGEST_QUEUE, common);
    queue.on('error', () => undefined);
    this.queue = queue;
    this.worker = new Worker<DigestJobData>(
      DIGEST_QUEUE,
      async (job: Job<DigestJobData>) => {
        if (job.name === 'collect') return this.collect(queue);
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        return this.digests.send(String(job.data.digestId), finalAttempt);
      },
      { ...common, concurrency: 8 },
    );
    this.worker.on('error', (error) => this.logger.warn(`${DIGEST_QUEUE}: ${error.message}`));
    // Not awaited: a worker that starts while Redis is away starts anyway and schedules once it is back.
    this.scheduling = this.ensureScheduler(queue).catch(() => undefined);
  }

  private async ensureScheduler(queue: Queue<DigestJobData>): Promise<void> {
    const every = this.preferences.digestEveryMs;
    while (!this.stopping) {
      try {
        await queue.upsertJobScheduler(
          SCHEDULER_ID,
          every !== null ? { every } : { pattern: this.preferences.digestPattern, tz: this.preferences.digestTimeZone },
          { name: 'collect', data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
        return;
      } catch (error) {
        this.logger.warn(`could not schedule the daily digest, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async collect(queue: Queue<DigestJobData>): Promise<number> {
    const ids = await this.digests.collect();
    for (let start = 0; start < ids.length; start += 1000) {
      await queue.addBulk(
        ids.slice(start, start + 1000).map((digestId) => ({
          name: 'send',
          data: { digestId },
          opts: {
            jobId: `digest-${digestId}`,
            attempts: this.settings.deliveryAttempts,
            backoff: { type: 'exponential', delay: this.settings.backoffMs },
            removeOnComplete: { age: 7 * 86_400 },
            removeOnFail: { age: 30 * 86_400 },
          },
        })),
      );
    }
    return ids.length;
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    await this.worker?.close();
    await this.queue?.close();
    await this.connection?.quit().catch(() => this.connection?.disconnect());
  }
}
