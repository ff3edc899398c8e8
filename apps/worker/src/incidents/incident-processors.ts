import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { IncidentDeadlineService } from '@app/incidents/deadlines/incident-deadline.service';
import { INCIDENT_DELIVERY_QUEUE, type IncidentJobData } from '@app/incidents/deliveries/incident-delivery-queue';
import { IncidentDeliveryRelayService } from '@app/incidents/deliveries/incident-delivery-relay.service';
import { IncidentDeliveryProcessor } from './incident-delivery.processor';
import { INCIDENT_WORKER_SETTINGS, type IncidentWorkerSettings } from './incident-worker-settings';

/**
 * The one window's timers in the worker: the relay of incident deliveries and reminders (a poll
 * at the alerts' relay interval) and its reconciler, and the periodic deadline check that writes
 * one reminder per overdue incident; the jobs run in IncidentDeliveryProcessor. On shutdown the
 * timers stop and the processor's worker closes, letting in-flight jobs finish.
 */
@Injectable()
export class IncidentProcessors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('IncidentWorker');
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly running = new Set<Promise<unknown>>();
  private stopping = false;

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(INCIDENT_WORKER_SETTINGS) private readonly incidentSettings: IncidentWorkerSettings,
    @Inject(INCIDENT_DELIVERY_QUEUE) private readonly queue: Queue<IncidentJobData>,
    private readonly relay: IncidentDeliveryRelayService,
    private readonly processor: IncidentDeliveryProcessor,
    private readonly deadlines: IncidentDeadlineService,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  onApplicationBootstrap(): void {
    this.every(this.settings.relayIntervalMs, () => this.relay.drain());
    this.every(this.settings.reconcileIntervalMs, () => this.relay.reconcileSafely());
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
    await this.processor.closeWorker();
    await this.queue.close();
    this.webhooks.close();
    this.email.close();
  }
}
