import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { AdvisoryAccessReportService } from '@app/advisories/access-report/advisory-access-report.service';
import { AdvisoryAccessReportResolver } from './advisory-access-report.resolver';
import { AdvisoryFeedResolver } from './advisory-feed.resolver';
import { AdvisoryLifecycleResolver } from './advisory-lifecycle.resolver';
import { AdvisoryVersionsResolver } from './advisory-versions.resolver';
import { AdvisoryWideningResolver } from './advisory-widening.resolver';
import { AdvisoryOriginatorResolver } from './advisory-originator.resolver';
import { AdvisoryOriginators } from './advisory-originators';

/** Advisories over GraphQL: the feed, lifecycle and moderation. */
@Module({
  imports: [AdvisoriesModule, TypeOrmModule.forFeature([OrganisationEntity])],
  providers: [
    AdvisoryFeedResolver,
    AdvisoryOriginators,
    AdvisoryOriginatorResolver,
    AdvisoryAccessReportService,
    AdvisoryAccessReportResolver,
    AdvisoryLifecycleResolver,
    AdvisoryVersionsResolver,
    AdvisoryWideningResolver,
  ],
})
export class AdvisoriesApiModule {}
