import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { PersonEntity } from '@app/membership/people/person.entity';
import { QueueDashboard } from './queue-dashboard';

/** The secretariat's BullMQ dashboard at /admin/queues (mounted by bootstrap.ts). */
@Module({
  imports: [TypeOrmModule.forFeature([PersonEntity])],
  providers: [AccessTokenService, QueueDashboard],
  exports: [QueueDashboard],
})
export class QueueDashboardModule {}
