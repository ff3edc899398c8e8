import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { ClearanceLevel, MembershipTier, Role } from '@app/platform/vocabulary';
import { OrganisationEntity } from '../organisations/organisation.entity';

@Entity({ name: 'persons' })
export class PersonEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so uniqueness ignores case. */
  @Index({ unique: true })
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 200 })
  displayName: string;

  @Index()
  @Column({ name: 'organisation_id', type: 'uuid', nullable: true })
  organisationId: string | null;

  @ManyToOne(() => OrganisationEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id' })
  organisation: OrganisationEntity | null;

  /** Only for individual members (no organisation). */
  @Column({ name: 'individual_tier', type: 'varchar', length: 16, nullable: true })
  individualTier: MembershipTier | null;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  roles: Role[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  /** Who deactivated this person (null while active, or when unknown). */
  @Column({ name: 'deactivated_by_id', type: 'uuid', nullable: true })
  deactivatedById: string | null;

  /**
   * Whether whoever deactivated this person acted as the secretariat: then only the secretariat
   * may re-activate them (ACCESS-POLICY.md "Clearances and accounts").
   */
  @Column({ name: 'deactivated_by_secretariat', type: 'boolean', default: false })
  deactivatedBySecretariat: boolean;

  @Column({ name: 'pledge_expires_at', type: 'timestamptz', nullable: true })
  pledgeExpiresAt: Date | null;

  @Column({ name: 'clearance_level', type: 'varchar', length: 8, default: ClearanceLevel.NONE })
  clearanceLevel: ClearanceLevel;

  @Column({ name: 'clearance_expires_at', type: 'timestamptz', nullable: true })
  clearanceExpiresAt: Date | null;

  @Column({ name: 'clearance_suspended', type: 'boolean', default: false })
  clearanceSuspended: boolean;

  /** argon2id; null until the invitation is accepted. Never leaves the identity library. */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true, select: false })
  passwordHash: string | null;

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
