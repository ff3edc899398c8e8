import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { AdvisoryEntity } from '@app/advisories/entities/advisory.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import type { AccessLevel, Severity } from '@app/platform/vocabulary';
import { OutboxEventEntity, type OutboxEventType } from '@app/outbox/outbox-event.entity';

/** One per eligible person and event (ALERTS.md); written by the fan-out, listed by myAlerts. */
@Entity({ name: 'alerts' })
@Unique('alerts_event_person_unique', ['outboxEventId', 'personId'])
@Index('alerts_person_created', ['personId', 'createdAt'])
export class AlertEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'outbox_event_id', type: 'bigint' })
  outboxEventId: string;

  @ManyToOne(() => OutboxEventEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'outbox_event_id' })
  outboxEvent?: OutboxEventEntity;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Index()
  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @ManyToOne(() => AdvisoryEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'advisory_id' })
  advisory?: AdvisoryEntity;

  @Column({ type: 'varchar', length: 32 })
  event: OutboxEventType;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  /**
   * What advisory(id) answered the person when the alert was made (FULL or TEAR_LINE, or FULL by
   * rule B). A record only: every send asks the policy again (AlertRecipientAccess).
   */
  @Column({ type: 'varchar', length: 16 })
  access: AccessLevel;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  /** A CRITICAL alert still unacknowledged after the organisation's delay: when it was escalated (once). */
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;

  /**
   * On an escalation alert (its outbox event is an ESCALATION_EVENT row): the colleague's
   * unacknowledged alert that escalated to this person first. `event` is the escalated event.
   */
  @Index('alerts_escalation_of', { where: 'escalation_of IS NOT NULL' })
  @Column({ name: 'escalation_of', type: 'uuid', nullable: true })
  escalationOf: string | null;

  @ManyToOne(() => AlertEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'escalation_of' })
  escalationOfAlert?: AlertEntity;

  /**
   * Storm control: 'CAPPED' when the person had reached the per-originator daily cap. Such an alert
   * is kept (so the outcome is visible and a replay adds nothing) but has no deliveries and is not
   * listed by myAlerts. Null for every alert that reached the person.
   */
  @Column({ type: 'varchar', length: 16, nullable: true })
  suppressed: 'CAPPED' | null;
}
