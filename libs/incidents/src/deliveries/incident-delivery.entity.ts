import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique } from 'typeorm';
import type { IncidentDeliveryStatus, IncidentReportStage } from '@app/platform/vocabulary';
import { ReportingAuthorityEntity } from '../authorities/reporting-authority.entity';
import { IncidentReportEntity } from '../reports/incident-report.entity';

/**
 * One report (FIRST, FOLLOW_UP or FINAL) on its way to one authority. Written by routing in the
 * report's submit transaction — this row is the outbox: the relay adds its BullMQ job and stamps
 * `dispatchedAt`, so a crash between the commit and the enqueue loses nothing. Its id is the
 * deliveryId the authority sees, stable across retries (one per report and authority).
 */
@Entity({ name: 'incident_deliveries' })
@Unique('incident_deliveries_report_authority_unique', ['reportId', 'authorityId'])
@Index('incident_deliveries_undispatched', ['createdAt'], { where: 'dispatched_at IS NULL' })
@Index('incident_deliveries_pending', ['createdAt'], { where: `status = 'PENDING'` })
export class IncidentDeliveryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @ManyToOne(() => IncidentReportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'report_id' })
  report?: IncidentReportEntity;

  @Index('incident_deliveries_incident')
  @Column({ name: 'incident_id', type: 'uuid' })
  incidentId: string;

  @Index('incident_deliveries_authority')
  @Column({ name: 'authority_id', type: 'uuid' })
  authorityId: string;

  @ManyToOne(() => ReportingAuthorityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'authority_id' })
  authority?: ReportingAuthorityEntity;

  @Column({ type: 'varchar', length: 16 })
  stage: IncidentReportStage;

  /** Why routing sent it: RULE, PERMITTED or EARLIER_REPORT (libs/policy incident-routing-decision.ts). */
  @Column({ type: 'varchar', length: 16 })
  reason: string;

  @Column({ type: 'varchar', length: 16, default: 'PENDING' })
  status: IncidentDeliveryStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  /** Each secretariat retry starts a new BullMQ job (job id `<id>-<generation>`); the deliveryId stays. */
  @Column({ name: 'job_generation', type: 'integer', default: 0 })
  jobGeneration: number;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
