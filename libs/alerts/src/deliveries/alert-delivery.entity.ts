import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AlertEntity } from '../alerts/alert.entity';
import { AlertChannelEntity } from '../channels/alert-channel.entity';

/**
 * DIGEST: a LOW/INFO alert on a digest channel, waiting for the daily digest (then DELIVERED or
 * FAILED with it). CANCELLED: not sent, because when its turn came the recipient might no longer
 * receive anything of the advisory (AlertRecipientAccess).
 */
export type AlertDeliveryStatus = 'PENDING' | 'DIGEST' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/**
 * One per alert and matching WEBHOOK or EMAIL channel. Its id is the deliveryId a receiver sees,
 * the BullMQ job id, and stays the same across retries and replays. (IN_APP needs no delivery row:
 * the alert itself is what myAlerts lists.)
 */
@Entity({ name: 'alert_deliveries' })
@Unique('alert_deliveries_alert_channel_unique', ['alertId', 'channelId'])
@Index('alert_deliveries_failed', ['status'], { where: `status = 'FAILED'` })
@Index('alert_deliveries_pending_created', ['createdAt'], { where: `status = 'PENDING'` })
@Index('alert_deliveries_awaiting_digest', ['channelId'], { where: `status = 'DIGEST' AND digest_id IS NULL` })
export class AlertDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'alert_id', type: 'uuid' })
  alertId: string;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'alert_id' })
  alert?: AlertEntity;

  @Index()
  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => AlertChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: AlertChannelEntity;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: AlertDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  /** The daily digest that carries (or carried) this delivery. */
  @Index('alert_deliveries_digest', { where: 'digest_id IS NOT NULL' })
  @Column({ name: 'digest_id', type: 'uuid', nullable: true })
  digestId: string | null;

  /** The worker process sending this delivery right now (its claim), until `sendingUntil`. */
  @Column({ name: 'sending_by', type: 'uuid', nullable: true })
  sendingBy: string | null;

  /** End of the sending claim's lease; renewed while the send lasts, so a killed process's claim expires. */
  @Column({ name: 'sending_until', type: 'timestamptz', nullable: true })
  sendingUntil: Date | null;
}
