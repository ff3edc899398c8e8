import { AlertEntity } from './alerts/alert.entity';
import { AlertChannelEntity } from './channels/alert-channel.entity';
import { AlertDeliveryEntity } from './deliveries/alert-delivery.entity';
import { AlertDigestEntity } from './digest/alert-digest.entity';
import { EmailSecurityEntity } from './email-security/email-security.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const ALERT_ENTITIES = [AlertChannelEntity, AlertEntity, AlertDeliveryEntity, AlertDigestEntity, EmailSecurityEntity];
