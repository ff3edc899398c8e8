import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import { DelayedError, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, DEFAULT_DELIVERY_CONCURRENCY, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertDeliveryService, DeliveryInProgressError } from '@app/alerts/deliveries/alert-delivery.service';
import { DELIVERY_JOB, DELIVERY_QUEUE, type DeliveryJobData } from '@app/alerts/queues/alert-queues';
import { AlertDeliveryMetrics } from '../metrics/alert-delivery-metrics';
import { BULLMQ_CONNECTION } from '../queues/bullmq-connection';
import { JobProcessor, type ProcessorWorkerOptions } from '../queues/job-processor';
import { lockOptions } from '../queues/lock-options';

/**
 * A stalled delivery job runs again up to 10 times (BullMQ's default is once: a second Redis
 * restart or worker kill failed it for good). Safe, since a re-run sends nothing already
 * DELIVERED or claimed by a live process; the bound keeps a delivery that kills its worker
 * every time from doing so for ever (it fails and the reconciler marks it FAILED, visible).
 * The concurrency is COUNCIL_ALERT_DELIVERY_CONCURRENCY (runtimeOptions).
 */
const WORKER = { concurrency: DEFAULT_DELIVERY_CONCURRENCY, maxStalledCount: 10 } as const;

/** One delivery of an alert to one channel: sent, refused, or retried with backoff. */
@Processor(DELIVERY_QUEUE, WORKER)
export class DeliveryProcessor extends JobProcessor {
  readonly queueName = DELIVERY_QUEUE;
  protected readonly handlers = {
    [DELIVERY_JOB]: async (job: Job<DeliveryJobData>, token?: string) => this.deliver(job, token),
  };

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    private readonly deliveries: AlertDeliveryService,
    private readonly metrics: AlertDeliveryMetrics,
  ) {
    super();
  }

  runtimeOptions(): ProcessorWorkerOptions {
    return { ...WORKER, ...lockOptions(this.settings), concurrency: this.settings.deliveryConcurrency, connection: this.connection };
  }

  private async deliver(job: Job<DeliveryJobData>, token?: string): Promise<unknown> {
    const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      const outcome = await this.deliveries.deliver(job.data.deliveryId, finalAttempt);
      this.metrics.finished(job, outcome);
      return outcome;
    } catch (error) {
      // Another live process is sending it: look again when its claim has run out, without using up an attempt.
      if (error instanceof DeliveryInProgressError) {
        await job.moveToDelayed(Date.now() + error.retryInMs, token);
        throw new DelayedError();
      }
      this.metrics.attemptFailed(job, finalAttempt);
      throw error;
    }
  }
}
