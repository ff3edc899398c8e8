import { Column, Entity, JoinColumn, OneToOne, PrimaryColumn, UpdateDateColumn } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';

/**
 * A person's e-mail security (issue 4): their OpenPGP public key, to which every alert e-mail is
 * encrypted, and whether they require encryption (then no plaintext e-mail is ever sent to them).
 * One row per person who set either; no row means no key and no requirement. Only public keys are
 * ever stored (openpgp-key.ts refuses private keys).
 */
@Entity({ name: 'email_security_settings' })
export class EmailSecurityEntity {
  @PrimaryColumn({ name: 'person_id', type: 'uuid' })
  personId: string;

  @OneToOne(() => PersonEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'person_id' })
  person?: PersonEntity;

  /** The armored public key as registered (at most MAX_ARMORED_KEY_CHARS). */
  @Column({ name: 'openpgp_public_key', type: 'text', nullable: true })
  openPgpPublicKey: string | null;

  /** Upper-case hex fingerprint of the primary key. */
  @Column({ name: 'openpgp_fingerprint', type: 'varchar', length: 64, nullable: true })
  openPgpFingerprint: string | null;

  /** When the key (or its last encryption subkey) expires; null when it never does. */
  @Column({ name: 'openpgp_key_expires_at', type: 'timestamptz', nullable: true })
  openPgpKeyExpiresAt: Date | null;

  @Column({ name: 'openpgp_key_added_at', type: 'timestamptz', nullable: true })
  openPgpKeyAddedAt: Date | null;

  @Column({ name: 'require_encryption', type: 'boolean', default: false })
  requireEncryption: boolean;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
