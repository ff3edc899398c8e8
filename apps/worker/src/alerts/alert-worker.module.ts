import { Module } from '@nestjs/common';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AlertDeliveryService } from '@app/alerts/deliveries/alert-delivery.service';
import { AlertRecipientAccess } from '@app/alerts/deliveries/alert-recipient-access';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { AlertEscalationService } from '@app/alerts/escalation/alert-escalation.service';
import { AlertFanoutService } from '@app/alerts/fanout/alert-fanout.service';
import { AlertDigestService, DIGEST_QUEUE } from '@app/alerts/digest/alert-digest.service';
import { ALERT_PREFERENCE_SETTINGS, loadAlertPreferenceSettings } from '@app/alerts/preferences/alert-preference-settings';
import { AlertStormControl } from '@app/alerts/preferences/alert-storm-control';
import { AlertOutboxSource } from '@app/alerts/outbox/alert-outbox-source';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { OutboxModule } from '@app/outbox/outbox.module';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { queueByName, registerWorkerQueue } from '../queues/worker-queue';
import { AlertWorkerShutdown } from './alert-worker-shutdown';
import { DeliveryProcessor } from './delivery.processor';
import { DigestProcessor } from './digest.processor';
import { EscalationProcessor } from './escalation.processor';
import { FanoutProcessor } from './fanout.processor';

/** Outbox events → fan-out → deliveries, on BullMQ queues under the deployment's Redis prefix. */
@Module({
  imports: [
    AlertsModule,
    OutboxModule,
    // The relay's and the processors' adds fail fast while Redis is down (bullmq-connection.ts); the digest's wait for it.
    registerWorkerQueue(FANOUT_QUEUE, 'producer'),
    registerWorkerQueue(DELIVERY_QUEUE, 'producer'),
    registerWorkerQueue(ESCALATION_QUEUE, 'producer'),
    registerWorkerQueue(DIGEST_QUEUE, 'worker'),
  ],
  providers: [
    queueByName(FANOUT_QUEUE),
    queueByName(DELIVERY_QUEUE),
    queueByName(ESCALATION_QUEUE),
    queueByName(DIGEST_QUEUE),
    {
      provide: WebhookSender,
      inject: [ALERT_SETTINGS, COUNCIL_CONFIG],
      useFactory: (settings: AlertSettings, config: CouncilConfig) =>
        new WebhookSender({ timeoutMs: settings.webhookTimeoutMs, allowInsecure: config.allowInsecureWebhooks }),
    },
    {
      provide: EmailSender,
      inject: [ALERT_SETTINGS, COUNCIL_CONFIG],
      useFactory: (settings: AlertSettings, config: CouncilConfig) => new EmailSender(config.smtpUrl, settings.mailFrom),
    },
    // The relay (libs/outbox, run by OutboxRelayRunner) finds this source by discovery.
    AlertOutboxSource,
    AlertFanoutService,
    AlertEscalationService,
    AlertRecipientAccess,
    AlertDeliveryService,
    FanoutProcessor,
    DeliveryProcessor,
    EscalationProcessor,
    AlertWorkerShutdown,
    { provide: ALERT_PREFERENCE_SETTINGS, useFactory: () => loadAlertPreferenceSettings() },
    AlertStormControl,
    AlertDigestService,
    DigestProcessor,
  ],
  exports: [OutboxModule, AlertFanoutService, AlertEscalationService, AlertDeliveryService],
})
export class AlertWorkerModule {}
