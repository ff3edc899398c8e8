import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import type { AlertChannelKind, Sector, Severity } from '@app/platform/vocabulary';

/**
 * Where a person wants alerts (ALERTS.md). A removed channel is kept (its deliveries refer to it)
 * with `removedAt` set and is never used again. The webhook signing secret is stored encrypted
 * (the worker must sign with it, so it cannot be hashed) and never leaves this library. An EMAIL
 * channel carries nothing until its address is confirmed (email-confirmation.ts).
 */
@Entity({ name: 'alert_channels' })
@Index('alert_channels_person_active', ['personId'], { where: 'removed_at IS NULL' })
@Index('alert_channels_confirmation_token', ['confirmationTokenHash'], { unique: true, where: 'confirmation_token_hash IS NOT NULL' })
export class AlertChannelEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  @Column({ type: 'varchar', length: 16 })
  kind: AlertChannelKind;

  /** Webhook URL or e-mail address; null for IN_APP. */
  @Column({ type: 'varchar', length: 2048, nullable: true })
  target: string | null;

  @Column({ name: 'min_severity', type: 'varchar', length: 16 })
  minSeverity: Severity;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** Only advisories for every sector or for one of these (empty: no filter); see channel-filter-sql.ts. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  sectors: Sector[];

  /** Only nationwide advisories or those whose regions overlap these prefecture/municipality codes (empty: no filter). */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  regions: string[];

  /** LOW and INFO alerts wait for the daily digest instead of going at once (WEBHOOK and EMAIL). */
  @Column({ type: 'boolean', default: false })
  digest: boolean;

  /** AES-256-GCM sealed signing secret of a WEBHOOK channel (see signing-secret.ts). */
  @Column({ name: 'signing_secret_sealed', type: 'text', nullable: true, select: false })
  signingSecretSealed: string | null;

  /**
   * False for an EMAIL channel until someone opened the one-time link sent to its address and
   * confirmed; nothing is sent to it before. WEBHOOK and IN_APP channels are always verified (a
   * check constraint), and so were the EMAIL channels that existed before confirmation did.
   */
  @Column({ type: 'boolean', default: true })
  verified: boolean;

  /** SHA-256 of the outstanding confirmation link's token (one-time-token.ts); null once confirmed. */
  @Column({ name: 'confirmation_token_hash', type: 'varchar', length: 64, nullable: true, select: false })
  confirmationTokenHash: string | null;

  @Column({ name: 'confirmation_expires_at', type: 'timestamptz', nullable: true })
  confirmationExpiresAt: Date | null;

  /** When the mail server last accepted a confirmation e-mail for this channel. */
  @Column({ name: 'confirmation_sent_at', type: 'timestamptz', nullable: true })
  confirmationSentAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;
}
