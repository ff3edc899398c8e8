import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { AlertsModule } from '@app/alerts/alerts.module';
import { LiveConnectionModule } from '../auth/live-connection.module';
import { AlertSubscriptionResolver } from './alert-subscription.resolver';
import { LiveAlertHub } from './live/live-alert-hub';

/** Live in-app alerts: Subscription.alertReceived over graphql-ws, fed by the worker through Redis pub/sub. */
@Module({
  imports: [AlertsModule, AdvisoriesModule, LiveConnectionModule],
  providers: [AlertSubscriptionResolver, LiveAlertHub],
  exports: [LiveAlertHub],
})
export class LiveAlertsApiModule {}
