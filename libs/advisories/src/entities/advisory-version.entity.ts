import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, Unique } from 'typeorm';

/** A snapshot of an advisory as it was at one version; the current one is in advisories. */
@Entity({ name: 'advisory_versions' })
@Unique('advisory_versions_advisory_version', ['advisoryId', 'version'])
export class AdvisoryVersionEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @Column({ type: 'integer' })
  version: number;

  @Column({ type: 'jsonb' })
  snapshot: Record<string, unknown>;

  @Column({ name: 'created_by_id', type: 'uuid' })
  createdById: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
