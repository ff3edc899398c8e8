import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A read of a COUNCIL_CONFIDENTIAL or IESI view at FULL access (ACCESS-POLICY.md, issue 3). */
@Entity({ name: 'access_log' })
export class AccessLogEntryEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Index()
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Index()
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Index()
  @Column({ name: 'advisory_id', type: 'uuid' })
  advisoryId: string;

  @Column({ name: 'advisory_version', type: 'integer' })
  advisoryVersion: number;

  @Column({ type: 'varchar', length: 24 })
  classification: string;
}
