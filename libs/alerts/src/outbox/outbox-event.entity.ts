import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxEventType = 'advisory.published' | 'advisory.updated' | 'advisory.withdrawn';

/**
 * An event written in the same transaction as the state change that causes it (ALERTS.md); the
 * worker's relay hands it to BullMQ and stamps dispatchedAt.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_undispatched', ['id'], { where: 'dispatched_at IS NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  event: OutboxEventType;

  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @Column({ name: 'advisory_version', type: 'integer' })
  advisoryVersion: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;
}
