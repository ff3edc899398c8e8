import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AdvisoriesApiModule } from '../advisories/advisories-api.module';
import { AlertsResolver } from './alerts.resolver';

/** Alerts over GraphQL: myAlerts, myAlertChannels, addAlertChannel, removeAlertChannel, acknowledgeAlert. */
@Module({
  imports: [AlertsModule, AdvisoriesModule, AdvisoriesApiModule],
  providers: [AlertsResolver],
})
export class AlertsApiModule {}
