import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OutboxModule } from '@app/outbox/outbox.module';
import { ADVISORY_ENTITIES } from './advisory-entities';
import { AdvisoryLifecycleService } from './lifecycle/advisory-lifecycle.service';
import { AdvisoryQueryService } from './queries/advisory-query.service';
import { AdvisoryVersionsService } from './versions/advisory-versions.service';
import { WideningProposalService } from './widening/widening-proposal.service';

/** Advisories: the policy-bound reads, the lifecycle and moderation. */
@Module({
  // OutboxModule: the lifecycle records its events in the outbox, in the change's transaction.
  imports: [OutboxModule, TypeOrmModule.forFeature(ADVISORY_ENTITIES)],
  providers: [AdvisoryQueryService, AdvisoryLifecycleService, AdvisoryVersionsService, WideningProposalService],
  exports: [AdvisoryQueryService, AdvisoryLifecycleService, AdvisoryVersionsService, WideningProposalService],
})
export class AdvisoriesModule {}
