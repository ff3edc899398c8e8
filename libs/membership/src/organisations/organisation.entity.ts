import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { MembershipTier, OrganisationKind, Sector } from '@app/platform/vocabulary';

@Entity({ name: 'organisations' })
export class OrganisationEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: OrganisationKind;

  @Column({ type: 'varchar', length: 16 })
  tier: MembershipTier;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sectors: Sector[];

  @Index()
  @Column({ type: 'varchar', length: 2, nullable: true })
  prefecture: string | null;

  @Column({ type: 'varchar', length: 5, nullable: true })
  municipality: string | null;

  @Column({ type: 'boolean', default: false })
  foreign: boolean;

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @Column({ name: 'agreement_expires_at', type: 'timestamptz', nullable: true })
  agreementExpiresAt: Date | null;

  @Column({ name: 'facility_clearance_expires_at', type: 'timestamptz', nullable: true })
  facilityClearanceExpiresAt: Date | null;

  /** How long an unacknowledged CRITICAL alert waits before it escalates (ALERTS.md). */
  @Column({ name: 'escalation_delay_seconds', type: 'integer', default: 900 })
  escalationDelaySeconds: number;

  /**
   * When a column the advisory policy reads last changed here (never written by the application: a
   * database trigger keeps it, migration AccessChangedAt). The TAXII collection's date added.
   */
  @Column({ name: 'access_changed_at', type: 'timestamptz', insert: false, update: false })
  accessChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
