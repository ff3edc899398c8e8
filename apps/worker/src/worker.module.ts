import { Module } from '@nestjs/common';
import { HealthController } from '@app/platform/health/health.controller';
import { PlatformModule } from '@app/platform/platform.module';
import { PolicyModule } from '@app/policy/policy.module';
import { AlertWorkerModule } from './alerts/alert-worker.module';
import { AuditCheckpointWorkerModule } from './audit/audit-checkpoint-worker.module';
import { IncidentWorkerModule } from './incidents/incident-worker.module';
import { WorkerMetricsModule } from './metrics/worker-metrics.module';
import { WorkerOutboxModule } from './outbox/worker-outbox.module';
import { WorkerQueuesModule } from './queues/worker-queues.module';

/** The worker: BullMQ processors (outbox relay, fan-out, deliveries, escalations; incident deliveries and reminders; audit checkpoints); health and /metrics on its port. */
@Module({
  imports: [
    PlatformModule,
    PolicyModule,
    WorkerQueuesModule,
    WorkerMetricsModule,
    AlertWorkerModule,
    IncidentWorkerModule,
    WorkerOutboxModule,
    AuditCheckpointWorkerModule,
  ],
  controllers: [HealthController],
})
export class WorkerModule {}
