import { Module } from '@nestjs/common';
import { AuditModule } from '@app/audit/audit.module';
import { DataVersion } from '@app/platform/database/data-version';
import { MetricsModule } from '@app/platform/metrics/metrics.module';
import { RequestAuthModule } from '../../auth/request-auth.module';
import { FeedResponseCache } from './feed-response-cache';
import { FeedResponseCachePlugin } from './feed-response-cache.plugin';

/** What the GraphQL module's options need to answer repeated feed operations from memory. */
@Module({
  imports: [AuditModule, MetricsModule, RequestAuthModule],
  providers: [DataVersion, FeedResponseCache, FeedResponseCachePlugin],
  exports: [FeedResponseCache, FeedResponseCachePlugin],
})
export class FeedResponseCacheModule {}
