import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { defineAlertAbility } from '@app/policy/alerts/alert-ability';
import { asSubject } from '@app/policy/membership/membership-ability';
import type { Reader } from '@app/policy/reader';
import { EmailSecurityEntity } from './email-security.entity';
import { canEncrypt, checkPublicKey, OpenPgpKeyProblem } from './openpgp-key';

/** A person's e-mail security as they see it (never the key itself: they have it). */
export interface EmailSecurityView {
  openPgpFingerprint: string | null;
  openPgpKeyExpiresAt: Date | null;
  openPgpKeyAddedAt: Date | null;
  /** The key can encrypt now: alert e-mails are sent encrypted to it. */
  openPgpKeyUsable: boolean;
  encryptionRequired: boolean;
}

/**
 * setMyOpenPgpKey / removeMyOpenPgpKey / requireEncryptedEmail: the reader's own settings only
 * (defineAlertAbility 'manage' EmailSecurity {personId}). Each change is audited with the key's
 * fingerprint, never the key.
 */
@Injectable()
export class EmailSecurityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  async view(reader: Reader): Promise<EmailSecurityView> {
    this.assert(reader, 'read');
    return this.toView(await this.dataSource.getRepository(EmailSecurityEntity).findOneBy({ personId: reader.id }));
  }

  async setKey(reader: Reader, armoredKey: string): Promise<EmailSecurityView> {
    this.assert(reader, 'manage');
    let checked;
    try {
      checked = await checkPublicKey(armoredKey, this.clock.now());
    } catch (error) {
      if (error instanceof OpenPgpKeyProblem) throw CouncilError.badInput(error.message, { field: 'armoredKey' });
      throw error;
    }
    return this.change(reader, 'person.openpgp_key.set', {
      openPgpPublicKey: checked.armored,
      openPgpFingerprint: checked.fingerprint,
      openPgpKeyExpiresAt: checked.expiresAt,
      openPgpKeyAddedAt: this.clock.now(),
    });
  }

  async removeKey(reader: Reader): Promise<EmailSecurityView> {
    this.assert(reader, 'manage');
    return this.change(reader, 'person.openpgp_key.removed', {
      openPgpPublicKey: null,
      openPgpFingerprint: null,
      openPgpKeyExpiresAt: null,
      openPgpKeyAddedAt: null,
    });
  }

  async requireEncryption(reader: Reader, required: boolean): Promise<EmailSecurityView> {
    this.assert(reader, 'manage');
    return this.change(reader, 'person.email_encryption.required', { requireEncryption: required });
  }

  private assert(reader: Reader, action: 'read' | 'manage'): void {
    if (!defineAlertAbility(reader).can(action, asSubject('EmailSecurity', { personId: reader.id }))) throw CouncilError.forbidden();
  }

  private async change(reader: Reader, action: string, fields: Partial<EmailSecurityEntity>): Promise<EmailSecurityView> {
    const saved = await this.dataSource.transaction(async (manager: EntityManager) => {
      const repository = manager.getRepository(EmailSecurityEntity);
      await typedSql(manager).execute(
        db
          .insertInto('email_security_settings')
          .values({ person_id: reader.id })
          .onConflict((oc) => oc.column('person_id').doNothing()),
      );
      const before = await typedSql(manager).first(
        db
          .selectFrom('email_security_settings')
          .select(['openpgp_fingerprint', 'require_encryption'])
          .where('person_id', '=', reader.id)
          .forUpdate(),
      );
      await repository.update({ personId: reader.id }, fields);
      const after = await repository.findOneByOrFail({ personId: reader.id });
      await this.audit.append(manager, {
        actorId: reader.id,
        action,
        subjectType: 'Person',
        subjectId: reader.id,
        before: { openPgpFingerprint: before?.openpgp_fingerprint ?? null, encryptionRequired: before?.require_encryption ?? false },
        after: { openPgpFingerprint: after.openPgpFingerprint, encryptionRequired: after.requireEncryption },
      });
      return after;
    });
    return this.toView(saved);
  }

  private async toView(row: EmailSecurityEntity | null): Promise<EmailSecurityView> {
    return {
      openPgpFingerprint: row?.openPgpFingerprint ?? null,
      openPgpKeyExpiresAt: row?.openPgpKeyExpiresAt ?? null,
      openPgpKeyAddedAt: row?.openPgpKeyAddedAt ?? null,
      openPgpKeyUsable: row?.openPgpPublicKey ? await canEncrypt(row.openPgpPublicKey, this.clock.now()) : false,
      encryptionRequired: row?.requireEncryption ?? false,
    };
  }
}
