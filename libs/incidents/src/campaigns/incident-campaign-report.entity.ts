import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** A report linked into a campaign by the secretariat. */
@Entity({ name: 'incident_campaign_reports' })
@Index('incident_campaign_reports_report', ['reportId'])
export class IncidentCampaignReportEntity {
  @PrimaryColumn({ name: 'campaign_id', type: 'uuid' })
  campaignId: string;

  @PrimaryColumn({ name: 'report_id', type: 'uuid' })
  reportId: string;

  @Column({ name: 'linked_by_id', type: 'uuid' })
  linkedById: string;

  @Column({ name: 'linked_at', type: 'timestamptz' })
  linkedAt: Date;
}
