import { Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AlertDeliveryService } from '@app/alerts/deliveries/alert-delivery.service';
import { AlertRecipientAccess } from '@app/alerts/deliveries/alert-recipient-access';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { AlertEscalationService } from '@app/alerts/escalation/alert-escalation.service';
import { AlertFanoutService } from '@app/alerts/fanout/alert-fanout.service';
import { AlertDigestService } from '@app/alerts/digest/alert-digest.service';
import { ALERT_PREFERENCE_SETTINGS, loadAlertPreferenceSettings } from '@app/alerts/preferences/alert-preference-settings';
import { AlertStormControl } from '@app/alerts/preferences/alert-storm-control';
import { AlertOutboxSource } from '@app/alerts/outbox/alert-outbox-source';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { OutboxModule } from '@app/outbox/outbox.module';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { AlertProcessors } from './alert-processors';
import { DigestProcessors } from './digest-processors';
import { BULLMQ_CONNECTION, BULLMQ_QUEUE_CONNECTION } from './bullmq-connection';

const queue = (name: string) => ({
  provide: name,
  inject: [BULLMQ_QUEUE_CONNECTION, COUNCIL_CONFIG],
  useFactory: (connection: Redis, config: CouncilConfig) => {
    const q = new Queue(name, { connection, prefix: config.redisPrefix });
    q.on('error', () => undefined);
    return q;
  },
});

/** Outbox relay → fan-out → deliveries, on BullMQ queues under the deployment's Redis prefix. */
@Module({
  imports: [AlertsModule, OutboxModule],
  providers: [
    {
      provide: BULLMQ_CONNECTION,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
        connection.on('error', () => undefined);
        return connection;
      },
    },
    {
      provide: BULLMQ_QUEUE_CONNECTION,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
        connection.on('error', () => undefined);
        return connection;
      },
    },
    queue(FANOUT_QUEUE),
    queue(DELIVERY_QUEUE),
    queue(ESCALATION_QUEUE),
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
    AlertOutboxSource,
    AlertFanoutService,
    AlertEscalationService,
    AlertRecipientAccess,
    AlertDeliveryService,
    AlertProcessors,
    { provide: ALERT_PREFERENCE_SETTINGS, useFactory: () => loadAlertPreferenceSettings() },
    AlertStormControl,
    AlertDigestService,
    DigestProcessors,
  ],
  exports: [OutboxModule, AlertFanoutService, AlertEscalationService, AlertDeliveryService],
})
export class AlertWorkerModule {}
