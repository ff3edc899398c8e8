import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';

export type OutboxEventType = 'advisory.published' | 'advisory.updated' | 'advisory.withdrawn';

/**
 * The outbox row under which the escalation alerts of one advisory event are recorded (one per
 * escalated event, `escalationOf` its id). It is written already dispatched and fanned out: the
 * relay and the fan-out never take it; its alerts carry the event they escalate.
 */
export const ESCALATION_EVENT = 'alert.escalated';

/**
 * An event written in the same transaction as the state change that causes it (ALERTS.md); the
 * worker's relay hands it to BullMQ and stamps dispatchedAt.
 */
@Entity({ name: 'outbox_events' })
@Index('outbox_events_undispatched', ['id'], { where: 'dispatched_at IS NULL' })
@Index('outbox_events_not_fanned_out', ['id'], { where: 'fanned_out_at IS NULL' })
@Index('outbox_events_escalation_of_unique', ['escalationOf'], { unique: true, where: 'escalation_of IS NOT NULL' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ type: 'varchar', length: 32 })
  event: OutboxEventType | typeof ESCALATION_EVENT;

  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @Column({ name: 'advisory_version', type: 'integer' })
  advisoryVersion: number;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /** Set by the fan-out once the event's alerts and deliveries exist and their jobs were added (the reconciler looks for rows without it). */
  @Column({ name: 'fanned_out_at', type: 'timestamptz', nullable: true })
  fannedOutAt: Date | null;

  /** On an ESCALATION_EVENT row: the advisory event whose unacknowledged CRITICAL alerts it escalates. */
  @Column({ name: 'escalation_of', type: 'bigint', nullable: true })
  escalationOf: string | null;

  @ManyToOne(() => OutboxEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'escalation_of' })
  escalated?: OutboxEventEntity;

  /**
   * Storm control: an `advisory.updated` event followed within the coalescing window by a newer
   * update of the same advisory has no alerts of its own; this names the event whose fan-out (of
   * the newest version) stands for it.
   */
  @Column({ name: 'coalesced_into', type: 'bigint', nullable: true })
  coalescedInto: string | null;
}
