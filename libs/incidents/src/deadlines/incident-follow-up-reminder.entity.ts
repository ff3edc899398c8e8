import { Column, Entity, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';

export type ReminderStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';

/**
 * The one reminder of an overdue incident (unique per incident): written by the deadline check
 * when the FIRST report's follow-up time has passed, e-mailed to the FIRST report's author by the
 * worker (like an incident delivery, the row is the outbox), and shown in the platform on the
 * report and in the secretariat's overdue list. CANCELLED: a follow-up arrived before it went out.
 */
@Entity({ name: 'incident_follow_up_reminders' })
@Unique('incident_follow_up_reminders_incident_unique', ['incidentId'])
@Index('incident_follow_up_reminders_undispatched', ['createdAt'], { where: 'dispatched_at IS NULL' })
export class IncidentFollowUpReminderEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  /** The FIRST report whose follow-up is overdue. */
  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'due_at', type: 'timestamptz' })
  dueAt: Date;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: ReminderStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
