import { Module } from '@nestjs/common';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AlertChannelPreferencesResolver } from './alert-channel-preferences.resolver';

/** updateAlertChannel (issue 4: per-channel sector and region filters and the daily digest). */
@Module({
  imports: [AlertsModule],
  providers: [AlertChannelPreferencesResolver],
})
export class AlertPreferencesApiModule {}
