import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { IncidentReportStage, IncidentStatus } from '@app/platform/vocabulary';

/**
 * One incident as its reporter sees it: the thread FIRST → FOLLOW_UP* → FINAL of reports on it.
 * Its reports carry the content; this row carries what the thread as a whole is (whose, how far
 * along, open or closed), so that "a FINAL closes the incident" is one locked row, not a scan.
 */
@Entity({ name: 'incident_cases' })
@Index('incident_cases_organisation', ['organisationId', 'lastReportAt'])
export class IncidentCaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** The reporting organisation; null when an individual member reports. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  /** The author of the FIRST report. */
  @Index()
  @Column({ name: 'opened_by_id', type: 'uuid' })
  openedById: string;

  @Column({ type: 'varchar', length: 16 })
  status: IncidentStatus;

  /** The stage and sequence number of the latest report on this incident. */
  @Column({ name: 'latest_stage', type: 'varchar', length: 16 })
  latestStage: IncidentReportStage;

  @Column({ name: 'latest_sequence', type: 'integer' })
  latestSequence: number;

  @Column({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'last_report_at', type: 'timestamptz' })
  lastReportAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
