import { Module } from '@nestjs/common';
import { AdvisoryQueryService } from './queries/advisory-query.service';

/** Advisories: the policy-bound reads, the lifecycle and moderation. */
@Module({
  providers: [AdvisoryQueryService],
  exports: [AdvisoryQueryService],
})
export class AdvisoriesModule {}
