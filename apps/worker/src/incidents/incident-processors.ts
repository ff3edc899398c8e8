import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { IncidentDeadlineService } from '@app/incidents/deadlines/incident-deadline.service';
import { INCIDENT_DELIVERY_QUEUE, type IncidentJobData } from '@app/incidents/deliveries/incident-delivery-queue';
import { OutboxRelayService } from '@app/outbox/outbox-relay.service';
import { IncidentDeliveryProcessor } from './incident-delivery.processor';
import { RepeatingTasks } from '../scheduling/repeating-tasks';
import { INCIDENT_WORKER_SETTINGS, type IncidentWorkerSettings } from './incident-worker-settings';

/**
 * The one window's timer in the worker: the periodic deadline check that writes one reminder per
 * overdue incident and hands it on at once through the outbox relay (which OutboxRelayRunner
 * otherwise runs, with the alerts' events); the jobs run in IncidentDeliveryProcessor. The timer
 * stops with the module; the processor's worker (letting in-flight jobs finish), the queue and the
 * senders close only before the application's shutdown, once the relay, which adds to this queue
 * from any module, has stopped too.
 */
@Injectable()
export class IncidentProcessors implements OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown {
  private readonly logger = new Logger('IncidentWorker');
  private readonly tasks = new RepeatingTasks();

  constructor(
    @Inject(INCIDENT_WORKER_SETTINGS) private readonly incidentSettings: IncidentWorkerSettings,
    @Inject(INCIDENT_DELIVERY_QUEUE) private readonly queue: Queue<IncidentJobData>,
    private readonly relay: OutboxRelayService,
    private readonly processor: IncidentDeliveryProcessor,
    private readonly deadlines: IncidentDeadlineService,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  onApplicationBootstrap(): void {
    this.tasks.every(this.incidentSettings.deadlineCheckMs, () => this.checkDeadlines());
  }

  private async checkDeadlines(): Promise<void> {
    try {
      if ((await this.deadlines.writeDueReminders()) > 0) await this.relay.drain();
    } catch (error) {
      this.logger.warn(`incident deadline check failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  onModuleDestroy(): Promise<void> {
    return this.tasks.stop();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.processor.closeWorker();
    await this.queue.close();
    this.webhooks.close();
    this.email.close();
  }
}
