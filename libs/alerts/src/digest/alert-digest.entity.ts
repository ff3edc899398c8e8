import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { AlertChannelEntity } from '../channels/alert-channel.entity';

/** CANCELLED: not sent, because its recipient might receive none of its items any more. */
export type AlertDigestStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/**
 * One daily digest of one channel: the LOW/INFO deliveries that waited for it (alert_deliveries.
 * digest_id). Its id is the digest's deliveryId at the receiver and its BullMQ job id, stable
 * across retries.
 */
@Entity({ name: 'alert_digests' })
@Index('alert_digests_pending', ['createdAt'], { where: `status = 'PENDING'` })
export class AlertDigestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'channel_id', type: 'uuid' })
  channelId: string;

  @ManyToOne(() => AlertChannelEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'channel_id' })
  channel?: AlertChannelEntity;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: AlertDigestStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
