import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A report that an advisory was derived from. Only the report's side reads this link (its
 * `ledToAdvisories`, through the advisory policy); the advisory never names its reports.
 */
@Entity({ name: 'incident_report_advisories' })
@Index('incident_report_advisories_advisory', ['advisoryId'])
export class IncidentReportAdvisoryEntity {
  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @PrimaryColumn({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @Column({ name: 'derived_by_id', type: 'uuid' })
  derivedById: string;

  @Column({ name: 'derived_at', type: 'timestamptz' })
  derivedAt: Date;
}
