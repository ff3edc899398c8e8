import { Processor } from '@nestjs/bullmq';
import { Inject } from '@nestjs/common';
import type { Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { IncidentReminderSenderService } from '@app/incidents/deadlines/incident-reminder-sender.service';
import { INCIDENT_DELIVERY_JOB, INCIDENT_DELIVERY_QUEUE, INCIDENT_REMINDER_JOB } from '@app/incidents/deliveries/incident-delivery-queue';
import { IncidentDeliveryService } from '@app/incidents/deliveries/incident-delivery.service';
import { BULLMQ_CONNECTION } from '../queues/bullmq-connection';
import { JobProcessor, type ProcessorWorkerOptions } from '../queues/job-processor';
import { lockOptions } from '../queues/lock-options';

const WORKER = { concurrency: 16 } as const;

const finalAttempt = (job: Job): boolean => job.attemptsMade + 1 >= (job.opts.attempts ?? 1);

/** A report to an authority, or a reminder to a reporter; retried with the alerts' backoff. */
@Processor(INCIDENT_DELIVERY_QUEUE, WORKER)
export class IncidentDeliveryProcessor extends JobProcessor {
  readonly queueName = INCIDENT_DELIVERY_QUEUE;
  protected readonly handlers = {
    [INCIDENT_DELIVERY_JOB]: async (job: Job<{ deliveryId: string }>) => this.deliveries.deliver(job.data.deliveryId, finalAttempt(job)),
    [INCIDENT_REMINDER_JOB]: async (job: Job<{ reminderId: string }>) => this.reminders.send(job.data.reminderId, finalAttempt(job)),
  };

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    private readonly deliveries: IncidentDeliveryService,
    private readonly reminders: IncidentReminderSenderService,
  ) {
    super();
  }

  runtimeOptions(): ProcessorWorkerOptions {
    return { ...WORKER, ...lockOptions(this.settings), connection: this.connection };
  }
}
