import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { DelayedError, Queue, Worker, type Job } from 'bullmq';
import type Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertDeliveryService, DeliveryInProgressError } from '@app/alerts/deliveries/alert-delivery.service';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { AlertEscalationService } from '@app/alerts/escalation/alert-escalation.service';
import { AlertFanoutService } from '@app/alerts/fanout/alert-fanout.service';
import {
  DELIVERY_QUEUE,
  ESCALATION_QUEUE,
  FANOUT_QUEUE,
  type DeliveryJobData,
  type EscalationJobData,
  type FanoutJobData,
} from '@app/alerts/queues/alert-queues';
import { OutboxRelayService } from '@app/outbox/outbox-relay.service';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { AlertDeliveryMetrics } from '../metrics/alert-delivery-metrics';
import { BULLMQ_CONNECTION, BULLMQ_QUEUE_CONNECTION } from './bullmq-connection';

/**
 * The worker's moving parts: the outbox relay of every outbox source, alerts' and incidents' (a
 * poll every ~200 ms) and its reconciler (every minute: jobs lost with Redis are re-added from PostgreSQL), the fan-out processor, the
 * delivery processor and the escalation processor (delayed jobs of unacknowledged CRITICAL alerts). On shutdown (SIGTERM) the relay stops and the BullMQ workers close, which
 * lets in-flight jobs finish; anything unfinished stays in Redis for the next worker.
 */
@Injectable()
export class AlertProcessors implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AlertWorker');
  private workers: Worker[] = [];
  private relayTimer: NodeJS.Timeout | null = null;
  private relaying: Promise<void> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<void> | null = null;
  private stopping = false;

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    @Inject(BULLMQ_CONNECTION) private readonly connection: Redis,
    @Inject(BULLMQ_QUEUE_CONNECTION) private readonly queueConnection: Redis,
    @Inject(FANOUT_QUEUE) private readonly fanoutQueue: Queue<FanoutJobData>,
    @Inject(DELIVERY_QUEUE) private readonly deliveryQueue: Queue<DeliveryJobData>,
    @Inject(ESCALATION_QUEUE) private readonly escalationQueue: Queue<EscalationJobData>,
    private readonly relay: OutboxRelayService,
    private readonly fanout: AlertFanoutService,
    private readonly escalation: AlertEscalationService,
    private readonly deliveries: AlertDeliveryService,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
    private readonly metrics: AlertDeliveryMetrics,
  ) {}

  onApplicationBootstrap(): void {
    // A dead worker's jobs go back to the queue once their lock expires (checked every lock period).
    const common = {
      connection: this.connection,
      prefix: this.config.redisPrefix,
      lockDuration: this.settings.jobLockMs,
      stalledInterval: this.settings.jobLockMs,
    };
    const fanoutWorker = new Worker<FanoutJobData>(
      FANOUT_QUEUE,
      async (job: Job<FanoutJobData>) => this.fanout.fanOut(job.data.outboxEventId),
      { ...common, concurrency: 4 },
    );
    const deliveryWorker = new Worker<DeliveryJobData>(
      DELIVERY_QUEUE,
      async (job: Job<DeliveryJobData>, token?: string) => {
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
      },
      // A stalled delivery job runs again up to 10 times (BullMQ's default is once: a second Redis
      // restart or worker kill failed it for good). Safe, since a re-run sends nothing already
      // DELIVERED or claimed by a live process; the bound keeps a delivery that kills its worker
      // every time from doing so for ever (it fails and the reconciler marks it FAILED, visible).
      { ...common, concurrency: this.settings.deliveryConcurrency, maxStalledCount: 10 },
    );
    const escalationWorker = new Worker<EscalationJobData>(
      ESCALATION_QUEUE,
      async (job: Job<EscalationJobData>) => this.escalation.escalate(job.data.alertId),
      { ...common, concurrency: 8 },
    );
    for (const worker of [fanoutWorker, deliveryWorker, escalationWorker]) {
      worker.on('error', (error) => this.logger.warn(`${worker.name}: ${error.message}`));
      worker.on('failed', (job, error) => {
        if (job) this.logger.debug?.(`${worker.name} job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`);
      });
    }
    this.workers = [fanoutWorker, deliveryWorker, escalationWorker];
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
    await Promise.all(this.workers.map((worker) => worker.close()));
    await Promise.all([this.fanoutQueue.close(), this.deliveryQueue.close(), this.escalationQueue.close()]);
    this.webhooks.close();
    this.email.close();
    await this.connection.quit().catch(() => this.connection.disconnect());
    await this.queueConnection.quit().catch(() => this.queueConnection.disconnect());
  }
}
