import { Module } from '@nestjs/common';
import { AdvisoryLifecycleService } from './lifecycle/advisory-lifecycle.service';
import { AdvisoryQueryService } from './queries/advisory-query.service';
import { AdvisoryVersionsService } from './versions/advisory-versions.service';
import { WideningProposalService } from './widening/widening-proposal.service';

/** Advisories: the policy-bound reads, the lifecycle and moderation. */
@Module({
  providers: [AdvisoryQueryService, AdvisoryLifecycleService, AdvisoryVersionsService, WideningProposalService],
  exports: [AdvisoryQueryService, AdvisoryLifecycleService, AdvisoryVersionsService, WideningProposalService],
})
export class AdvisoriesModule {}
