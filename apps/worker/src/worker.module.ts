import { Module } from '@nestjs/common';
import { HealthController } from '@app/platform/health/health.controller';
import { PlatformModule } from '@app/platform/platform.module';
import { PolicyModule } from '@app/policy/policy.module';
import { AlertWorkerModule } from './alerts/alert-worker.module';
import { WorkerMetricsModule } from './metrics/worker-metrics.module';

/** The alert worker: BullMQ processors (outbox relay, fan-out, deliveries, escalations); health and /metrics on its port. */
@Module({
  imports: [PlatformModule, PolicyModule, WorkerMetricsModule, AlertWorkerModule],
  controllers: [HealthController],
})
export class WorkerModule {}
