import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { ALERT_SETTINGS, loadAlertSettings } from './alert-settings';
import { AlertEntity } from './alerts/alert.entity';
import { AlertService } from './alerts/alert.service';
import { AlertChannelEntity } from './channels/alert-channel.entity';
import { AlertChannelService } from './channels/alert-channel.service';
import { AlertChannelConfirmations } from './channels/email-confirmation';
import { SigningSecrets } from './channels/signing-secret';
import { AlertDeliveryEntity } from './deliveries/alert-delivery.entity';
import { LiveAlertPublisher } from './live/live-alert-publisher';
import { AlertJobs } from './queues/alert-jobs';

/** Alerts as the API sees them: channels, the person's alerts, acknowledgement. */
@Module({
  imports: [TypeOrmModule.forFeature([AlertChannelEntity, AlertEntity, AlertDeliveryEntity, PersonEntity])],
  providers: [
    { provide: ALERT_SETTINGS, useFactory: () => loadAlertSettings() },
    {
      provide: SigningSecrets,
      inject: [COUNCIL_CONFIG],
      useFactory: (config: CouncilConfig) => new SigningSecrets(config.alertSecretKey ?? config.jwtSecrets[0]),
    },
    AlertChannelService,
    AlertChannelConfirmations,
    AlertService,
    AlertJobs,
    LiveAlertPublisher,
  ],
  exports: [ALERT_SETTINGS, SigningSecrets, AlertChannelService, AlertChannelConfirmations, AlertService, AlertJobs, LiveAlertPublisher, TypeOrmModule],
})
export class AlertsModule {}
