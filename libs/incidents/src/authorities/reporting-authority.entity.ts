import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';
import type { RoutingRule } from './routing-rule';

/**
 * An authority that receives incident reports through the one window (issue 6), configured by the
 * secretariat. Its channel is a signed webhook or an e-mail address; the webhook signing secret is
 * sealed like an alert channel's (SigningSecrets) and never leaves the libraries. A deactivated
 * authority is kept (its deliveries refer to it) and receives nothing new.
 */
@Entity({ name: 'reporting_authorities' })
export class ReportingAuthorityEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'name_ja', type: 'varchar', length: 200 })
  nameJa: string;

  @Column({ name: 'name_en', type: 'varchar', length: 200 })
  nameEn: string;

  @Column({ type: 'varchar', length: 32 })
  kind: ReportingAuthorityKind;

  @Column({ name: 'channel_kind', type: 'varchar', length: 16 })
  channelKind: ReportingChannelKind;

  /** The webhook URL or the e-mail address. */
  @Column({ type: 'varchar', length: 2048 })
  target: string;

  @Column({ name: 'signing_secret_sealed', type: 'text', nullable: true, select: false })
  signingSecretSealed: string | null;

  /**
   * An EMAIL authority's OpenPGP public key: every report to it is encrypted (PGP/MIME, as alert
   * e-mail) and never sent in plaintext, also once the key has expired.
   */
  @Column({ name: 'openpgp_public_key', type: 'text', nullable: true })
  openPgpPublicKey: string | null;

  @Column({ name: 'openpgp_fingerprint', type: 'varchar', length: 64, nullable: true })
  openPgpFingerprint: string | null;

  /** Never receives a report unless the reporter consented (the police). */
  @Column({ name: 'requires_reporter_consent', type: 'boolean', default: false })
  requiresReporterConsent: boolean;

  /** Any one matching rule makes a report due to this authority (libs/policy incident-routing-decision.ts). */
  @Column({ name: 'routing_rules', type: 'jsonb', default: () => "'[]'" })
  routingRules: RoutingRule[];

  @Column({ type: 'boolean', default: true })
  active: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
