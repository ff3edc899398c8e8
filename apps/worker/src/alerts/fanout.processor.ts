import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertFanoutService } from '@app/alerts/fanout/alert-fanout.service';
import { FANOUT_JOB, FANOUT_QUEUE, type FanoutJobData } from '@app/alerts/queues/alert-queues';
import { BULLMQ_CONNECTION } from '../queues/bullmq-connection';
import { JobProcessor, type ProcessorWorkerOptions } from '../queues/job-processor';
import { lockOptions } from '../queues/lock-options';

const WORKER = { concurrency: 4 } as const;

/** An outbox event becomes the deliveries of its recipients. */
@Processor(FANOUT_QUEUE, WORKER)
export class FanoutProcessor extends JobProcessor {
  readonly queueName = FANOUT_QUEUE;
  protected readonly handlers = {
    [FANOUT_JOB]: async (job: Job<FanoutJobData>) => this.fanout.fanOut(job.data.outboxEventId),
  };

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    private readonly fanout: AlertFanoutService,
  ) {
    super();
  }

  runtimeOptions(): ProcessorWorkerOptions {
    return { ...WORKER, ...lockOptions(this.settings), connection: this.connection };
  }
}
