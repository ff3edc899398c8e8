import { Module } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AuditModule } from '@app/audit/audit.module';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { WebhookSender } from '@app/alerts/deliveries/webhook-sender';
import { IncidentDeadlineService } from '@app/incidents/deadlines/incident-deadline.service';
import { IncidentReminderSenderService } from '@app/incidents/deadlines/incident-reminder-sender.service';
import { INCIDENT_DELIVERY_QUEUE } from '@app/incidents/deliveries/incident-delivery-queue';
import { IncidentDeliveryOutboxSource, IncidentReminderOutboxSource } from '@app/incidents/deliveries/incident-outbox-sources';
import { IncidentDeliveryService } from '@app/incidents/deliveries/incident-delivery.service';
import { INCIDENT_ENTITIES } from '@app/incidents/incident-entities';
import { OutboxModule } from '@app/outbox/outbox.module';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IncidentProcessors } from './incident-processors';
import { INCIDENT_BULLMQ_CONNECTION, INCIDENT_WORKER_SETTINGS, loadIncidentWorkerSettings } from './incident-worker-settings';

/** Incident reports to reporting authorities, and follow-up reminders, on their own BullMQ queue. */
@Module({
  // AuditModule: IncidentDeadlineService records the secretariat's settings (the worker only writes reminders).
  imports: [AlertsModule, AuditModule, OutboxModule, TypeOrmModule.forFeature(INCIDENT_ENTITIES)],
  providers: [
    { provide: INCIDENT_WORKER_SETTINGS, useFactory: () => loadIncidentWorkerSettings() },
    {
      provide: INCIDENT_BULLMQ_CONNECTION,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => {
        const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
        connection.on('error', () => undefined);
        return connection;
      },
    },
    {
      provide: INCIDENT_DELIVERY_QUEUE,
      inject: [INCIDENT_BULLMQ_CONNECTION, COUNCIL_CONFIG],
      useFactory: (connection: Redis, config: CouncilConfig) => {
        const queue = new Queue(INCIDENT_DELIVERY_QUEUE, { connection, prefix: config.redisPrefix });
        queue.on('error', () => undefined);
        return queue;
      },
    },
    // The alert senders, as the alert worker builds them (one sender implementation, ALERTS.md signatures).
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
    IncidentDeliveryService,
    IncidentDeliveryOutboxSource,
    IncidentReminderOutboxSource,
    IncidentReminderSenderService,
    IncidentDeadlineService,
    IncidentProcessors,
  ],
  exports: [IncidentDeadlineService],
})
export class IncidentWorkerModule {}
