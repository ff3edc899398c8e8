import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { ClearanceLevel } from '@app/platform/vocabulary';
import { PersonEntity } from '../people/person.entity';

export enum ClearanceGrantRequestStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}

/**
 * One secretariat person's request to grant a clearance, waiting for a second one to approve it
 * (ACCESS-POLICY.md "Clearances and accounts"). At most one is pending per person.
 */
@Entity({ name: 'clearance_grant_requests' })
@Index('clearance_grant_requests_one_pending', ['personId'], { unique: true, where: `"status" = 'PENDING'` })
@Index('IDX_clearance_grant_requests_person', ['personId', 'createdAt'])
export class ClearanceGrantRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'varchar', length: 8 })
  level: ClearanceLevel;

  /** The clearance's expiry as requested; an approval grants exactly this. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'requested_by_id', type: 'uuid' })
  requestedById: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by_id' })
  requestedBy?: PersonEntity;

  @Column({ type: 'varchar', length: 16, default: ClearanceGrantRequestStatus.PENDING })
  status: ClearanceGrantRequestStatus;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @ManyToOne(() => PersonEntity, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by_id' })
  decidedBy?: PersonEntity | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** When it was requested. */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
