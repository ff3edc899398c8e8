import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { OutboxRelayService } from '@app/alerts/outbox/outbox-relay.service';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { DeliveryProcessor } from './delivery.processor';
import { EscalationProcessor } from './escalation.processor';
import { FanoutProcessor } from './fanout.processor';

/**
 * The outbox relay (a poll every ~200 ms) and its reconciler (every minute: jobs lost with Redis
 * are re-added from PostgreSQL), beside the fan-out, delivery and escalation processors. On
 * shutdown (SIGTERM) the relay stops, then the processors' workers close, which lets in-flight
 * jobs finish (anything unfinished stays in Redis for the next worker), then the queues and the
 * senders the jobs used.
 */
@Injectable()
export class AlertRelaySchedule implements OnApplicationBootstrap, OnModuleDestroy {
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<void> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(FANOUT_QUEUE) private readonly fanoutQueue: Queue,
    @Inject(DELIVERY_QUEUE) private readonly deliveryQueue: Queue,
    @Inject(ESCALATION_QUEUE) private readonly escalationQueue: Queue,
    private readonly relay: OutboxRelayService,
    private readonly fanoutProcessor: FanoutProcessor,
    private readonly deliveryProcessor: DeliveryProcessor,
    private readonly escalationProcessor: EscalationProcessor,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  onApplicationBootstrap(): void {
    this.scheduleRelay();
    this.scheduleReconcile();
  }

  /** The reconciler: every COUNCIL_ALERT_RECONCILE_INTERVAL_MS, re-add from PostgreSQL what Redis lost. */
  private scheduleReconcile(): void {
    if (this.stopping) return;
    this.reconcileTimer = setTimeout(() => {
      this.reconciling = this.relay.reconcileSafely().finally(() => {
        this.reconciling = null;
        this.scheduleReconcile();
      });
    }, this.settings.reconcileIntervalMs);
  }

  private scheduleRelay(): void {
    if (this.stopping) return;
    this.relayTimer = setTimeout(() => {
      this.relaying = this.relay.drain().finally(() => {
        this.relaying = null;
        this.scheduleRelay();
      });
    }, this.settings.relayIntervalMs);
  }

  async onModuleDestroy(): Promise<void> {
    this.stopping = true;
    if (this.relayTimer) clearTimeout(this.relayTimer);
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    await this.relaying;
    await this.reconciling;
    await Promise.all([this.fanoutProcessor, this.deliveryProcessor, this.escalationProcessor].map((processor) => processor.closeWorker()));
    await Promise.all([this.fanoutQueue.close(), this.deliveryQueue.close(), this.escalationQueue.close()]);
    this.webhooks.close();
    this.email.close();
  }
}
