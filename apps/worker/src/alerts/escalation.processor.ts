import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertEscalationService } from '@app/alerts/escalation/alert-escalation.service';
import { ESCALATION_JOB, ESCALATION_QUEUE, type EscalationJobData } from '@app/alerts/queues/alert-queues';
import { BULLMQ_CONNECTION } from '../queues/bullmq-connection';
import { JobProcessor, type ProcessorWorkerOptions } from '../queues/job-processor';
import { lockOptions } from '../queues/lock-options';

const WORKER = { concurrency: 8 } as const;

/** The delayed job of an unacknowledged CRITICAL alert: escalate it if still unacknowledged. */
@Processor(ESCALATION_QUEUE, WORKER)
export class EscalationProcessor extends JobProcessor {
  readonly queueName = ESCALATION_QUEUE;
  protected readonly handlers = {
    [ESCALATION_JOB]: async (job: Job<EscalationJobData>) => this.escalation.escalate(job.data.alertId),
  };

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    private readonly escalation: AlertEscalationService,
  ) {
    super();
  }

  runtimeOptions(): ProcessorWorkerOptions {
    return { ...WORKER, ...lockOptions(this.settings), connection: this.connection };
  }
}
