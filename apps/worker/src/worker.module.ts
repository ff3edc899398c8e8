import { Module } from '@nestjs/common';
import { HealthController } from '@app/platform/health/health.controller';
import { PlatformModule } from '@app/platform/platform.module';
import { PolicyModule } from '@app/policy/policy.module';
import { AlertWorkerModule } from './alerts/alert-worker.module';

/** The alert worker: BullMQ processors (outbox relay, fan-out, deliveries, escalations). */
@Module({
  imports: [PlatformModule, PolicyModule, AlertWorkerModule],
  controllers: [HealthController],
})
export class WorkerModule {}
