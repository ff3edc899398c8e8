import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { AdvisoryStatus, Classification, MembershipTier, Sector, Severity, Tlp } from '@app/platform/vocabulary';

/**
 * The current version of an advisory: both views and the audience in one row, so that the policy's
 * WHERE clause and the page's ORDER BY run on one table. Earlier versions are in advisory_versions.
 * Property names are what the policy's CASL conditions speak of (libs/policy).
 */
@Entity({ name: 'advisories' })
@Index('advisories_feed_order', ['sortAt', 'id'])
export class AdvisoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 16 })
  status: AdvisoryStatus;

  @Column({ type: 'varchar', length: 16 })
  severity: Severity;

  /** Null when the author is an individual member. */
  @Index()
  @Column({ name: 'originator_org_id', type: 'uuid', nullable: true })
  originatorOrgId: string | null;

  @Index()
  @Column({ name: 'author_id', type: 'uuid' })
  authorId: string;

  @Column({ type: 'boolean' })
  attributed: boolean;

  @Column({ type: 'integer', default: 1 })
  version: number;

  // FULL view
  @Column({ name: 'full_classification', type: 'varchar', length: 24 })
  fullClassification: Classification;

  @Column({ name: 'full_tlp', type: 'varchar', length: 16 })
  fullTlp: Tlp;

  @Column({ name: 'full_title', type: 'varchar', length: 300 })
  fullTitle: string;

  @Column({ name: 'full_summary', type: 'varchar', length: 4000 })
  fullSummary: string;

  @Column({ name: 'full_body', type: 'text', nullable: true })
  fullBody: string | null;

  @Column({ name: 'full_recommended_actions', type: 'text', array: true, default: () => "'{}'" })
  fullRecommendedActions: string[];

  @Column({ name: 'full_indicators', type: 'text', array: true, default: () => "'{}'" })
  fullIndicators: string[];

  // TEAR_LINE view (all null when there is none)
  @Column({ name: 'has_tear_line', type: 'boolean', default: false })
  hasTearLine: boolean;

  @Column({ name: 'tear_line_classification', type: 'varchar', length: 24, nullable: true })
  tearLineClassification: Classification | null;

  @Column({ name: 'tear_line_tlp', type: 'varchar', length: 16, nullable: true })
  tearLineTlp: Tlp | null;

  @Column({ name: 'tear_line_title', type: 'varchar', length: 300, nullable: true })
  tearLineTitle: string | null;

  @Column({ name: 'tear_line_summary', type: 'varchar', length: 4000, nullable: true })
  tearLineSummary: string | null;

  @Column({ name: 'tear_line_recommended_actions', type: 'text', array: true, nullable: true })
  tearLineRecommendedActions: string[] | null;

  @Column({ name: 'tear_line_release_to_non_member_lg', type: 'boolean', default: false })
  tearLineReleaseToNonMemberLocalGovernments: boolean;

  // Audience
  @Column({ name: 'audience_tiers', type: 'text', array: true, default: () => "'{}'" })
  audienceTiers: MembershipTier[];

  @Column({ name: 'audience_sectors', type: 'text', array: true, default: () => "'{}'" })
  audienceSectors: Sector[];

  @Column({ name: 'audience_regions', type: 'text', array: true, default: () => "'{}'" })
  audienceRegions: string[];

  /**
   * The prefectures of the municipality codes in audienceRegions: a prefectural government sees
   * what is aimed at its municipalities (ACCESS-POLICY.md inRegion), and this makes that an
   * indexable array overlap. Derived on every write from audienceRegions.
   */
  @Column({ name: 'audience_municipality_prefectures', type: 'text', array: true, default: () => "'{}'" })
  audienceMunicipalityPrefectures: string[];

  @Column({ name: 'audience_organisation_ids', type: 'uuid', array: true, default: () => "'{}'" })
  audienceOrganisationIds: string[];

  @Column({ name: 'audience_person_ids', type: 'uuid', array: true, default: () => "'{}'" })
  audiencePersonIds: string[];

  @Column({ name: 'audience_no_foreign', type: 'boolean', default: false })
  audienceNoForeign: boolean;

  // Lifecycle
  @Column({ name: 'rejection_reason', type: 'varchar', length: 4000, nullable: true })
  rejectionReason: string | null;

  @Column({ name: 'withdrawal_reason', type: 'varchar', length: 4000, nullable: true })
  withdrawalReason: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt: Date | null;

  @Column({ name: 'published_at', type: 'timestamptz', nullable: true })
  publishedAt: Date | null;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  /** Feed order: publication time, else last update (ACCESS-POLICY.md). Kept by the service. */
  @Column({ name: 'sort_at', type: 'timestamptz' })
  sortAt: Date;
}
