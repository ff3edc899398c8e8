import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ADVISORY_ENTITIES } from '@app/advisories/advisory-entities';
import { MEMBERSHIP_ENTITIES } from '@app/membership/membership-entities';
import { OutboxModule } from '@app/outbox/outbox.module';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { ALERT_ENTITIES } from './alert-entities';
import { ALERT_SETTINGS, loadAlertSettings } from './alert-settings';
import { AlertService } from './alerts/alert.service';
import { AlertChannelService } from './channels/alert-channel.service';
import { AlertChannelConfirmations } from './channels/email-confirmation';
import { SigningSecrets } from './channels/signing-secret';
import { LiveAlertPublisher } from './live/live-alert-publisher';
import { AlertJobs } from './queues/alert-jobs';

/** Alerts as the API sees them: channels, the person's alerts, acknowledgement. */
@Module({
  // The people and advisories its tables refer to are registered here too: a worker has alerts
  // without the membership and advisory modules, and a relation needs its target's metadata.
  imports: [OutboxModule, TypeOrmModule.forFeature([...ALERT_ENTITIES, ...MEMBERSHIP_ENTITIES, ...ADVISORY_ENTITIES])],
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
  exports: [
    ALERT_SETTINGS,
    SigningSecrets,
    AlertChannelService,
    AlertChannelConfirmations,
    AlertService,
    AlertJobs,
    LiveAlertPublisher,
    TypeOrmModule,
  ],
})
export class AlertsModule {}
