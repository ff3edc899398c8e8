import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { enqueueDeliveries } from '../deliveries/enqueue-deliveries';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, escalationJobId, type DeliveryJobData, type EscalationJobData } from './alert-queues';

/** How long a request waits for Redis: BullMQ waits for a connection for ever, a request must not. */
export const QUEUE_ANSWER_MS = 2_000;

/** `work`, or a rejection once `ms` have passed (the work itself goes on and may still finish). */
async function within<T>(what: string, work: Promise<T>, ms = QUEUE_ANSWER_MS): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: the alert queue did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // a late failure after the timeout is not an unhandled rejection
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The API's hand on the worker's queues: acknowledgement removes an escalation job, the
 * secretariat's retry adds a delivery job again. The connection is opened on first use, so a
 * process that never touches the queues never connects. The database stays the truth: the worker
 * checks again when a job runs, and the relay's reconciler re-adds what Redis lost. No call waits
 * for Redis longer than QUEUE_ANSWER_MS.
 */
@Injectable()
export class AlertJobs implements OnApplicationShutdown {
  private readonly logger = new Logger('AlertJobs');
  private connection: Redis | null = null;
  private readonly queues = new Map<string, Queue>();

  constructor(
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
  ) {}

  private queue<T>(name: string): Queue<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      if (!this.connection) {
        this.connection = new Redis(this.config.redisUrl, { maxRetriesPerRequest: 2 });
        this.connection.on('error', () => undefined);
      }
      queue = new Queue(name, { connection: this.connection, prefix: this.config.redisPrefix });
      queue.on('error', () => undefined);
      this.queues.set(name, queue);
    }
    return queue as Queue<T>;
  }

  /**
   * Removes the delayed escalation job of an acknowledged alert. Best effort: if Redis cannot be
   * reached the job still finds the alert acknowledged when it fires and does nothing.
   */
  async cancelEscalation(alertId: string): Promise<void> {
    try {
      await within('remove an escalation job', this.queue<EscalationJobData>(ESCALATION_QUEUE).remove(escalationJobId(alertId)));
    } catch (error) {
      this.logger.warn(
        `could not remove the escalation job of alert ${alertId}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  /**
   * Removes the finished (completed or failed) job of a delivery, which would otherwise make BullMQ
   * ignore adding it again. A job still waiting, delayed or running is left alone. Throws when
   * Redis does not answer: then nothing may change.
   */
  async removeFinishedDelivery(deliveryId: string): Promise<void> {
    const queue = this.queue<DeliveryJobData>(DELIVERY_QUEUE);
    await within(
      'remove a finished delivery job',
      (async () => {
        const existing = await queue.getJob(deliveryId);
        if (existing) {
          const state = await existing.getState();
          if (state === 'completed' || state === 'failed') await existing.remove();
        }
      })(),
    );
  }

  /**
   * Adds a delivery's job (a full retry schedule). Best effort: if Redis cannot be reached now,
   * the relay's reconciler adds it for the PENDING delivery.
   */
  async redeliver(deliveryId: string, severity: string): Promise<void> {
    try {
      await within(
        'add a delivery job',
        enqueueDeliveries(this.queue<DeliveryJobData>(DELIVERY_QUEUE), this.settings, [{ id: deliveryId, severity }]),
      );
    } catch (error) {
      this.logger.warn(
        `could not queue delivery ${deliveryId}, the reconciler will: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([...this.queues.values()].map((queue) => within('close a queue', queue.close()).catch(() => undefined)));
    if (this.connection) {
      const connection = this.connection;
      await within('close the connection', connection.quit()).catch(() => connection.disconnect());
    }
  }
}
