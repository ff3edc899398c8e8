import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { IdentityModule } from '@app/identity/identity.module';
import { MembershipModule } from '@app/membership/membership.module';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { PlatformModule } from '@app/platform/platform.module';
import { PolicyModule } from '@app/policy/policy.module';
import { AuditModule } from '@app/audit/audit.module';
import { AccessTokenGuard } from './auth/access-token.guard';
import { LiveConnectionAuth } from './auth/live-connection';
import { LiveConnectionModule } from './auth/live-connection.module';
import { RequestAuthModule } from './auth/request-auth.module';
import { FeedResponseCacheModule } from './advisories/feed-cache/feed-response-cache.module';
import { FeedResponseCache } from './advisories/feed-cache/feed-response-cache';
import { FeedResponseCachePlugin } from './advisories/feed-cache/feed-response-cache.plugin';
import { graphqlOptions } from './graphql/graphql-options';
import { HealthController } from '@app/platform/health/health.controller';
import { AdvisoriesApiModule } from './advisories/advisories-api.module';
import { AlertsApiModule } from './alerts/alerts-api.module';
import { LiveAlertsApiModule } from './alerts/live-alerts-api.module';
import { AlertPreferencesApiModule } from './alerts/alert-preferences-api.module';
import { QueueDashboardModule } from './admin/queue-dashboard.module';
import { AuditApiModule } from './audit/audit-api.module';
import { IdentityApiModule } from './identity/identity-api.module';
import { MembershipApiModule } from './membership/membership-api.module';
import { FeedsApiModule } from './feeds/feeds-api.module';
import { TaxiiApiModule } from './feeds/taxii-api.module';
import { StixImportApiModule } from './feeds/stix-import/stix-import-api.module';
import { IncidentsApiModule } from './incidents/incidents-api.module';
import { AuthoritiesApiModule } from './incidents/authorities-api.module';

@Module({
  imports: [
    PlatformModule,
    PolicyModule,
    AuditModule,
    GraphQLModule.forRootAsync<ApolloDriverConfig>({
      driver: ApolloDriver,
      imports: [LiveConnectionModule, FeedResponseCacheModule],
      inject: [COUNCIL_CONFIG, LiveConnectionAuth, FeedResponseCache, FeedResponseCachePlugin],
      useFactory: (
        config: CouncilConfig,
        live: LiveConnectionAuth,
        feedCache: FeedResponseCache,
        feedCachePlugin: FeedResponseCachePlugin,
      ) => graphqlOptions(config, { live, feedCache, feedCachePlugin }),
    }),
    RequestAuthModule,
    MembershipModule,
    IdentityModule,
    IdentityApiModule,
    MembershipApiModule,
    AuditApiModule,
    AdvisoriesApiModule,
    AlertsApiModule,
    LiveAlertsApiModule,
    AlertPreferencesApiModule,
    QueueDashboardModule,
    FeedsApiModule,
    TaxiiApiModule,
    StixImportApiModule,
    IncidentsApiModule,
    AuthoritiesApiModule,
  ],
  controllers: [HealthController],
  providers: [{ provide: APP_GUARD, useClass: AccessTokenGuard }],
})
export class AppModule {}
