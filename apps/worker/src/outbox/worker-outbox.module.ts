import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts/alerts.module';
import { OutboxModule } from '@app/outbox/outbox.module';
import { OutboxRelayRunner } from './outbox-relay-runner';

/**
 * The outbox relay's timers in the worker. The relay finds its sources (AlertWorkerModule's and
 * IncidentWorkerModule's, beside their queues) by discovery; AlertsModule gives the intervals.
 */
@Module({
  imports: [AlertsModule, OutboxModule],
  providers: [OutboxRelayRunner],
})
export class WorkerOutboxModule {}
