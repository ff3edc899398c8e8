import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
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
import { queueByName, registerWorkerQueue } from '../queues/worker-queue';
import { IncidentDeliveryProcessor } from './incident-delivery.processor';
import { IncidentProcessors } from './incident-processors';
import { INCIDENT_WORKER_SETTINGS, loadIncidentWorkerSettings } from './incident-worker-settings';

/** Incident reports to reporting authorities, and follow-up reminders, on their own BullMQ queue. */
@Module({
  // AuditModule: IncidentDeadlineService records the secretariat's settings (the worker only writes reminders).
  imports: [
    AlertsModule,
    AuditModule,
    OutboxModule,
    TypeOrmModule.forFeature(INCIDENT_ENTITIES),
    registerWorkerQueue(INCIDENT_DELIVERY_QUEUE, 'worker'),
  ],
  providers: [
    { provide: INCIDENT_WORKER_SETTINGS, useFactory: () => loadIncidentWorkerSettings() },
    queueByName(INCIDENT_DELIVERY_QUEUE),
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
    // The relay (libs/outbox, run by OutboxRelayRunner) finds these sources by discovery.
    IncidentDeliveryOutboxSource,
    IncidentReminderOutboxSource,
    IncidentReminderSenderService,
    IncidentDeadlineService,
    IncidentDeliveryProcessor,
    IncidentProcessors,
  ],
  exports: [IncidentDeadlineService],
})
export class IncidentWorkerModule {}
