import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';

/**
 * A named, revocable credential with which a feed reader pulls feeds as its person. Only the
 * SHA-256 of the secret is stored; the secret is shown once, when the token is created.
 */
@Entity({ name: 'feed_tokens' })
export class FeedTokenEntity {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'feed_tokens_pkey' })
  id: string;

  @Index('feed_tokens_person')
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'feed_tokens_person_fk' })
  person: PersonEntity;

  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Index('feed_tokens_secret_hash', { unique: true })
  @Column({ name: 'secret_hash', type: 'varchar', length: 64, select: false })
  secretHash: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz', nullable: true })
  expiresAt: Date | null;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ name: 'last_used_at', type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;
}
