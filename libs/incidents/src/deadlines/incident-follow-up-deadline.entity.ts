import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The scope of the global default among the follow-up deadlines (the others are IncidentType values). */
export const DEFAULT_DEADLINE_SCOPE = 'DEFAULT';

/**
 * How long after a FIRST report the secretariat expects a FOLLOW_UP or FINAL: one global default
 * (scope DEFAULT) and optional overrides per incident type (scope = the type).
 */
@Entity({ name: 'incident_follow_up_deadlines' })
export class IncidentFollowUpDeadlineEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  scope: string;

  @Column({ name: 'follow_up_seconds', type: 'integer' })
  followUpSeconds: number;

  @Column({ name: 'updated_by_id', type: 'uuid' })
  updatedById: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
