import { Processor } from '@nestjs/bullmq';
import { Inject, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Job, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import {
  AlertDigestService,
  DIGEST_COLLECT_JOB,
  DIGEST_QUEUE,
  DIGEST_SEND_JOB,
  type DigestJobData,
} from '@app/alerts/digest/alert-digest.service';
import { ALERT_PREFERENCE_SETTINGS, type AlertPreferenceSettings } from '@app/alerts/preferences/alert-preference-settings';
import { BULLMQ_CONNECTION } from '../queues/bullmq-connection';
import { JobProcessor, type ProcessorWorkerOptions } from '../queues/job-processor';

const SCHEDULER_ID = 'daily-digest';

const WORKER = { concurrency: 8 } as const;

/**
 * The daily digest on its own queue: a BullMQ job scheduler adds one 'collect' job per day
 * (COUNCIL_ALERT_DIGEST_CRON in COUNCIL_ALERT_DIGEST_TZ, or every COUNCIL_ALERT_DIGEST_EVERY_MS),
 * which makes the digests and adds one 'send' job per digest (job id digest-<id>, retried with the
 * deliveries' backoff). Every worker process upserts the same scheduler, so there is one run per
 * day however many workers there are.
 */
@Processor(DIGEST_QUEUE, WORKER)
export class DigestProcessor extends JobProcessor implements OnApplicationBootstrap, OnModuleDestroy {
  readonly queueName = DIGEST_QUEUE;
  protected readonly handlers = {
    [DIGEST_COLLECT_JOB]: async () => this.collect(),
    [DIGEST_SEND_JOB]: async (job: Job<DigestJobData>) => {
      const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      return this.digests.send(String(job.data.digestId), finalAttempt);
    },
  };
  private readonly logger = new Logger('AlertDigestWorker');
  private stopping = false;

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(ALERT_PREFERENCE_SETTINGS) private readonly preferences: AlertPreferenceSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    @Inject(DIGEST_QUEUE) private readonly queue: Queue<DigestJobData>,
    private readonly digests: AlertDigestService,
  ) {
    super();
  }

  runtimeOptions(): ProcessorWorkerOptions {
    return { ...WORKER, connection: this.connection };
  }

  onApplicationBootstrap(): void {
    // Not awaited: a worker that starts while Redis is away starts anyway and schedules once it is back.
    void this.ensureScheduler().catch(() => undefined);
  }

  private async ensureScheduler(): Promise<void> {
    const every = this.preferences.digestEveryMs;
    while (!this.stopping) {
      try {
        await this.queue.upsertJobScheduler(
          SCHEDULER_ID,
          every !== null ? { every } : { pattern: this.preferences.digestPattern, tz: this.preferences.digestTimeZone },
          { name: DIGEST_COLLECT_JOB, data: {}, opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } } },
        );
        return;
      } catch (error) {
        this.logger.warn(`could not schedule the daily digest, retrying: ${error instanceof Error ? error.message : String(error)}`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  private async collect(): Promise<number> {
    const ids = await this.digests.collect();
    for (let start = 0; start < ids.length; start += 1000) {
      await this.queue.addBulk(
        ids.slice(start, start + 1000).map((digestId) => ({
          name: DIGEST_SEND_JOB,
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
    await this.closeWorker();
    await this.queue.close();
  }
}
