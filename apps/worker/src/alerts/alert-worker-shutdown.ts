import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { DeliveryProcessor } from './delivery.processor';
import { EscalationProcessor } from './escalation.processor';
import { FanoutProcessor } from './fanout.processor';

/**
 * On shutdown (SIGTERM) the fan-out, delivery and escalation processors' workers close, which lets
 * in-flight jobs finish (anything unfinished stays in Redis for the next worker), then their queues
 * and the senders the jobs used. Before the application's shutdown rather than at the module's
 * destruction: the outbox relay (OutboxRelayRunner) and the incident deadline check, which add to
 * these queues, stop in the module-destruction phase, so every one of them has stopped by now.
 */
@Injectable()
export class AlertWorkerShutdown implements BeforeApplicationShutdown {
  constructor(
    @Inject(FANOUT_QUEUE) private readonly fanoutQueue: Queue,
    @Inject(DELIVERY_QUEUE) private readonly deliveryQueue: Queue,
    @Inject(ESCALATION_QUEUE) private readonly escalationQueue: Queue,
    private readonly fanoutProcessor: FanoutProcessor,
    private readonly deliveryProcessor: DeliveryProcessor,
    private readonly escalationProcessor: EscalationProcessor,
    private readonly webhooks: WebhookSender,
    private readonly email: EmailSender,
  ) {}

  async beforeApplicationShutdown(): Promise<void> {
    await Promise.all([this.fanoutProcessor, this.deliveryProcessor, this.escalationProcessor].map((processor) => processor.closeWorker()));
    await Promise.all([this.fanoutQueue.close(), this.deliveryQueue.close(), this.escalationQueue.close()]);
    this.webhooks.close();
    this.email.close();
  }
}
