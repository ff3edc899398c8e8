import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { RequestAuthModule } from '../auth/request-auth.module';
import { QueueDashboard } from './queue-dashboard';

/** The secretariat's BullMQ dashboard at /admin/queues (mounted by bootstrap.ts). */
@Module({
  imports: [IdentityModule, RequestAuthModule],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
