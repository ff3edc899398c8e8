import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { IncidentReportPurpose, IncidentReportStage, IncidentType, Sector, Severity } from '@app/platform/vocabulary';
import { IncidentCaseEntity } from '../cases/incident-case.entity';

/**
 * One report on an incident, as submitted: FIRST, then FOLLOW_UPs, then one FINAL, numbered 1, 2, …
 * within the incident (`sequence` is the report's version of the incident). Reports are never
 * edited: a correction is the next report. Each report is complete on its own: a follow-up that
 * leaves a field out carries the previous report's value, so routing and readers never merge.
 *
 * Required even in a FIRST report (the one-minute form): what was seen, when it was detected, the
 * affected service and a contact. Everything else is optional.
 *
 * Property names are what the policy's CASL conditions speak of (libs/policy/src/incidents).
 */
@Entity({ name: 'incident_reports' })
@Unique('incident_reports_incident_sequence_unique', ['incidentId', 'sequence'])
@Index('incident_reports_organisation_submitted', ['organisationId', 'submittedAt'])
@Index('incident_reports_author_submitted', ['authorId', 'submittedAt'])
export class IncidentReportEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @ManyToOne(() => IncidentCaseEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'incident_id' })
  incident?: IncidentCaseEntity;

  @Column({ type: 'varchar', length: 16 })
  stage: IncidentReportStage;

  /** 1 for the FIRST report, then 2, 3, … in submission order within the incident. */
  @Column({ type: 'integer' })
  sequence: number;

  /** The reporting organisation (the author's at submission); null for an individual member. */
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  // The minimal FIRST report.
  @Column({ name: 'detected_at', type: 'timestamptz' })
  detectedAt: Date;

  @Column({ name: 'what_was_seen', type: 'varchar', length: 4000 })
  whatWasSeen: string;

  @Column({ name: 'affected_service', type: 'varchar', length: 300 })
  affectedService: string;

  /** How the secretariat and the authorities reach the reporter (a phone number, an address…). */
  @Column({ type: 'varchar', length: 300 })
  contact: string;

  // Optional, typically added by follow-ups.
  @Column({ name: 'incident_type', type: 'varchar', length: 32, nullable: true })
  incidentType: IncidentType | null;

  /**
   * The sectors whose services are affected. Left empty by the reporter, it is the reporting
   * organisation's sectors (routing by sector needs some).
   */
  @Column({ name: 'sectors_affected', type: 'text', array: true, default: () => "'{}'" })
  sectorsAffected: Sector[];

  /** Whether personal data is involved; null while the reporter does not know yet. */
  @Column({ name: 'personal_data_involved', type: 'boolean', nullable: true })
  personalDataInvolved: boolean | null;

  /** The reporter's estimate of how serious it is. */
  @Column({ type: 'varchar', length: 16, nullable: true })
  severity: Severity | null;

  @Column({ name: 'occurred_at', type: 'timestamptz', nullable: true })
  occurredAt: Date | null;

  @Column({ type: 'varchar', length: 4000, nullable: true })
  impact: string | null;

  @Column({ name: 'actions_taken', type: 'varchar', length: 4000, nullable: true })
  actionsTaken: string | null;

  /** Observables (addresses, hashes, domains) as the reporter wrote them. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  indicators: string[];

  /** Anything else: the narrative of a follow-up or the final analysis. */
  @Column({ type: 'text', nullable: true })
  details: string | null;

  // What the reporter allows.
  @Column({ name: 'permitted_purposes', type: 'text', array: true, default: () => "'{}'" })
  permittedPurposes: IncidentReportPurpose[];

  /** The reporter's consent that the report also go to the police. */
  @Column({ name: 'consent_to_police', type: 'boolean', default: false })
  consentToPolice: boolean;

  /**
   * Authorities (ids of 6b's reporting authorities) the reporter allows the report to go to in
   * addition to those the routing rules make mandatory.
   */
  @Column({ name: 'permitted_authority_ids', type: 'uuid', array: true, default: () => "'{}'" })
  permittedAuthorityIds: string[];

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
