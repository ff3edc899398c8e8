import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { IncidentDeadlineService } from '@app/incidents/deadlines/incident-deadline.service';
import { IncidentReminderSenderService } from '@app/incidents/deadlines/incident-reminder-sender.service';
import { INCIDENT_DELIVERY_QUEUE, type IncidentJobData } from '@app/incidents/deliveries/incident-delivery-queue';
import { IncidentDeliveryService } from '@app/incidents/deliveries/incident-delivery.service';
import { OutboxRelayService } from '@app/outbox/outbox-relay.service';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { INCIDENT_BULLMQ_CONNECTION, INCIDENT_WORKER_SETTINGS, type IncidentWorkerSettings } from './incident-worker-settings';

/**
 * The one window's moving parts in the worker (the outbox relay hands on incident deliveries and
 * reminders, with the alerts' events): the delivery processor (a report to
 * an authority, or a reminder to a reporter; retried with the alerts' backoff), and the periodic
 * deadline check that writes one reminder per overdue incident. On shutdown the timers stop and
 * the BullMQ worker closes, letting in-flight jobs finish.
 */
@Injectable()
export class IncidentProcessors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IncidentWorker');
  private worker: Worker<IncidentJobData> | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(INCIDENT_WORKER_SETTINGS) private readonly incidentSettings: IncidentWorkerSettings,
    @Inject(INCIDENT_BULLMQ_CONNECTION) private readonly connection: Redis,
    @Inject(INCIDENT_DELIVERY_QUEUE) private readonly queue: Queue<IncidentJobData>,
    private readonly relay: OutboxRelayService,
    private readonly deliveries: IncidentDeliveryService,
    private readonly reminders: IncidentReminderSenderService,
    private readonly deadlines: IncidentDeadlineService,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  onApplicationBootstrap(): void {
    this.worker = new Worker<IncidentJobData>(
      INCIDENT_DELIVERY_QUEUE,
      async (job: Job<IncidentJobData>) => {
        const finalAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
        if ('deliveryId' in job.data) return this.deliveries.deliver(job.data.deliveryId, finalAttempt);
        if ('reminderId' in job.data) return this.reminders.send(job.data.reminderId, finalAttempt);
        throw new Error(`unknown incident job ${job.name}`);
      },
      {
        connection: this.connection,
        prefix: this.config.redisPrefix,
        concurrency: 16,
        lockDuration: this.settings.jobLockMs,
        stalledInterval: this.settings.jobLockMs,
      },
    );
    this.worker.on('error', (error) => this.logger.warn(`${INCIDENT_DELIVERY_QUEUE}: ${error.message}`));
    this.every(this.incidentSettings.deadlineCheckMs, () => this.checkDeadlines());
  }

  private async checkDeadlines(): Promise<void> {
    try {
      if ((await this.deadlines.writeDueReminders()) > 0) await this.relay.drain();
    } catch (error) {
      this.logger.warn(`incident deadline check failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Runs `task` every `ms` after the previous run finished, until shutdown. */
  private every(ms: number, task: () => Promise<void>): void {
    if (this.stopping) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      const run = task().finally(() => {
        this.running.delete(run);
        this.every(ms, task);
      });
      this.running.add(run);
    }, ms);
    this.timers.add(timer);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    for (const timer of this.timers) clearTimeout(timer);
    await Promise.all([...this.running]);
    await this.worker?.close();
    await this.queue.close();
    this.webhooks.close();
    this.email.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}
