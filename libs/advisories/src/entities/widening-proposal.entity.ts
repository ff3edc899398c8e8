import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

export enum WideningProposalStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}

/** The secretariat's proposal to widen a published advisory, waiting for the originator's consent. */
@Entity({ name: 'widening_proposals' })
export class WideningProposalEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index()
  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  /** The advisory version the proposal was made against; a later edit makes it stale. */
  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ type: 'jsonb' })
  changes: Record<string, unknown>;

  @Column({ type: 'varchar', length: 16 })
  status: WideningProposalStatus;

  @Column({ name: 'proposed_by_id', type: 'uuid' })
  proposedById: string;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
