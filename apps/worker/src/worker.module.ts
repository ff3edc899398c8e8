import { Module } from '@nestjs/common';
import { HealthController } from '@app/platform/health/health.controller';
import { PlatformModule } from '@app/platform/platform.module';
import { PolicyModule } from '@app/policy/policy.module';
import { AlertWorkerModule } from './alerts/alert-worker.module';
import { IncidentWorkerModule } from './incidents/incident-worker.module';

/** The alert worker: BullMQ processors (outbox relay, fan-out, deliveries, escalations; incident deliveries and reminders). */
@Module({
  imports: [PlatformModule, PolicyModule, AlertWorkerModule, IncidentWorkerModule],
  controllers: [HealthController],
})
export class WorkerModule {}
