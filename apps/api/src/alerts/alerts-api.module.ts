import { Module } from '@nestjs/common';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { AlertsModule } from '@app/alerts/alerts.module';
import { AlertDeliveryViewService } from '@app/alerts/deliveries/alert-delivery-view.service';
import { EmailSecurityService } from '@app/alerts/email-security/email-security.service';
import { AlertDeliveriesResolver } from './alert-deliveries.resolver';
import { AlertChannelConfirmationController } from './confirmation/alert-channel-confirmation.controller';
import { AlertsResolver } from './alerts.resolver';
import { EmailSecurityResolver } from './email-security.resolver';

/**
 * Alerts over GraphQL: myAlerts, myAlertChannels, addAlertChannel, removeAlertChannel,
 * acknowledgeAlert, resendAlertChannelConfirmation and the confirmation link's pages; deliveries: Alert.deliveries, myFailedDeliveries, and the secretariat's
 * failedAlertDeliveries and retryAlertDelivery; e-mail security: myEmailSecurity, setMyOpenPgpKey,
 * removeMyOpenPgpKey, requireEncryptedEmail.
 */
@Module({
  imports: [AlertsModule, AdvisoriesModule],
  controllers: [AlertChannelConfirmationController],
  providers: [AlertsResolver, AlertDeliveriesResolver, AlertDeliveryViewService, EmailSecurityResolver, EmailSecurityService],
})
export class AlertsApiModule {}
