import { Module } from '@nestjs/common';
import { IdentityModule } from '@app/identity/identity.module';
import { MembershipModule } from '@app/membership/membership.module';
import { QueueDashboard } from './queue-dashboard';

/** The secretariat's BullMQ dashboard at /admin/queues (mounted by bootstrap.ts). */
@Module({
  imports: [IdentityModule, MembershipModule],
  providers: [QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
