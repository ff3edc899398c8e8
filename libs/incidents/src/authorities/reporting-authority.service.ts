import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { SigningSecrets } from '@app/alerts/channels/signing-secret';
import { checkWebhookTarget } from '@app/alerts/channels/webhook-target';
import { checkPublicKey, OpenPgpKeyProblem } from '@app/alerts/email-security/openpgp-key';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import { ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';
import { defineIncidentRoutingAbility, type IncidentRoutingAbility } from '@app/policy/incidents/incident-routing-ability';
import { projectReportingAuthority } from '@app/policy/incidents/incident-routing-projection';
import { reportingAuthorityReadSql } from '@app/policy/incidents/reporting-authority-access-sql';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { rowMapper } from '../rows';
import { ReportingAuthorityEntity } from './reporting-authority.entity';
import { checkRoutingRules, type RoutingRule } from './routing-rule';

export interface ReportingAuthorityInput {
  nameJa: string;
  nameEn: string;
  kind: ReportingAuthorityKind;
  channelKind: ReportingChannelKind;
  target: string;
  requiresReporterConsent?: boolean | null;
  routingRules: ReadonlyArray<Partial<RoutingRule>>;
  /** EMAIL only: reports to it are then always encrypted to this key. */
  openPgpPublicKey?: string | null;
}

/** A field left out (or null) stays as it is; routingRules given replace the old list. */
export type ReportingAuthorityPatch = { [K in keyof ReportingAuthorityInput]?: ReportingAuthorityInput[K] | null } & {
  /** Removes an EMAIL authority's OpenPGP key (reports then go in plaintext). */
  removeOpenPgpPublicKey?: boolean | null;
};

/**
 * An authority as a reader may see it. Channel and rules are the secretariat's; everyone else
 * sees what they need to choose recipients (names, kind, whether consent is needed). Which fields
 * is the routing policy's (projectReportingAuthority).
 */
export interface ReportingAuthorityView {
  id: string;
  nameJa: string;
  nameEn: string;
  kind: ReportingAuthorityKind;
  requiresReporterConsent: boolean;
  active: boolean;
  channelKind: ReportingChannelKind | null;
  target: string | null;
  routingRules: RoutingRule[] | null;
  /** Secretariat only: the fingerprint of the OpenPGP key reports to an EMAIL authority are encrypted to. */
  openPgpFingerprint: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const MAX_NAME = 200;

/**
 * The secretariat's reporting authorities (issue 6, one window). Channel targets are checked like
 * alert channels' — a webhook is an https URL whose host resolves only to public addresses (no
 * SSRF), signed with a secret returned once; an e-mail address needs an SMTP server. Every change
 * is audited; a deactivated authority is kept (its deliveries refer to it) and receives nothing.
 */
@Injectable()
export class ReportingAuthorityService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly secrets: SigningSecrets,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {
    this.toAuthority = rowMapper(dataSource, ReportingAuthorityEntity);
    // Never the sealed signing secret (select: false on the entity).
    this.columns = dataSource
      .getMetadata(ReportingAuthorityEntity)
      .columns.filter((column) => column.isSelect)
      .map((column) => column.databaseName);
  }

  private readonly toAuthority: (row: Record<string, unknown>) => ReportingAuthorityEntity;
  private readonly columns: string[];

  /**
   * The authorities the reader may read (the policy's WHERE clause: the secretariat every one,
   * anyone else active the active ones), inactive ones only when asked for.
   */
  async list(reader: Reader, includeInactive: boolean): Promise<ReportingAuthorityView[]> {
    const ability = defineIncidentRoutingAbility(reader, this.clock.now());
    if (!ability.can('read', 'ReportingAuthority')) throw CouncilError.forbidden('You may not list reporting authorities');
    const params = new SqlParameters();
    const allowed = reportingAuthorityReadSql(ability, params);
    let query = db
      .selectFrom('reporting_authorities as a')
      .select(this.columns.map((column) => sql.ref(`a.${column}`).as(column)))
      .where(sqlCondition(allowed, params));
    if (!includeInactive) query = query.where((eb) => eb.ref('a.active'));
    const rows: Array<Record<string, unknown>> = await typedSql(this.dataSource).rows(
      query.orderBy('a.kind').orderBy('a.name_en').orderBy('a.id'),
    );
    return rows.map((row) => this.toView(ability, this.toAuthority(row)));
  }

  async create(
    reader: Reader,
    input: ReportingAuthorityInput,
  ): Promise<{ authority: ReportingAuthorityView; signingSecret: string | null }> {
    this.assertManager(reader);
    const names = checkNames(input.nameJa, input.nameEn);
    const requiresReporterConsent = checkConsent(input.kind, input.requiresReporterConsent ?? null, false);
    const target = await this.checkTarget(input.channelKind, input.target);
    const routingRules = checkRoutingRules(input.routingRules ?? []);
    const key = await this.checkKey(input.channelKind, input.openPgpPublicKey ?? null);
    const signingSecret = input.channelKind === ReportingChannelKind.WEBHOOK ? SigningSecrets.generate() : null;
    const saved = await this.dataSource.transaction(async (manager) => {
      const repository = manager.getRepository(ReportingAuthorityEntity);
      const row = await repository.save(
        repository.create({
          ...names,
          kind: input.kind,
          channelKind: input.channelKind,
          target,
          signingSecretSealed: signingSecret ? this.secrets.seal(signingSecret) : null,
          openPgpPublicKey: key?.armored ?? null,
          openPgpFingerprint: key?.fingerprint ?? null,
          requiresReporterConsent,
          routingRules,
          active: true,
        }),
      );
      await this.record(manager, reader, 'reporting-authority.created', row.id, undefined, row);
      return row;
    });
    return { authority: this.toView(this.abilityOf(reader), await this.load(saved.id)), signingSecret };
  }

  /**
   * Changes an authority. A new webhook target keeps the signing secret unless `rotateSecret`;
   * switching to WEBHOOK makes a new one. The new secret, if any, is returned here only.
   */
  async update(
    reader: Reader,
    id: string,
    patch: ReportingAuthorityPatch,
    rotateSecret: boolean,
  ): Promise<{ authority: ReportingAuthorityView; signingSecret: string | null }> {
    this.assertManager(reader);
    const current = await this.find(id);
    const kind = patch.kind ?? current.kind;
    const channelKind = patch.channelKind ?? current.channelKind;
    const changes: Partial<ReportingAuthorityEntity> = {};
    if (patch.nameJa != null || patch.nameEn != null)
      Object.assign(changes, checkNames(patch.nameJa ?? current.nameJa, patch.nameEn ?? current.nameEn));
    if (patch.kind != null) changes.kind = patch.kind;
    if (patch.requiresReporterConsent != null || patch.kind != null) {
      changes.requiresReporterConsent = checkConsent(kind, patch.requiresReporterConsent ?? null, current.requiresReporterConsent);
    }
    if (patch.channelKind != null || patch.target != null) {
      if (patch.target == null && channelKind !== current.channelKind) {
        throw inputProblem('target', `a new ${channelKind} channel needs its target`);
      }
      changes.channelKind = channelKind;
      changes.target = await this.checkTarget(channelKind, patch.target ?? current.target);
    }
    if (patch.routingRules != null) changes.routingRules = checkRoutingRules(patch.routingRules);
    if (patch.openPgpPublicKey != null && patch.removeOpenPgpPublicKey) {
      throw inputProblem('removeOpenPgpPublicKey', 'give a new OpenPGP key or remove the key, not both');
    }
    if (patch.openPgpPublicKey != null) {
      const key = await this.checkKey(channelKind, patch.openPgpPublicKey);
      changes.openPgpPublicKey = key?.armored ?? null;
      changes.openPgpFingerprint = key?.fingerprint ?? null;
    } else if (patch.removeOpenPgpPublicKey || channelKind !== ReportingChannelKind.EMAIL) {
      changes.openPgpPublicKey = null;
      changes.openPgpFingerprint = null;
    }
    let signingSecret: string | null = null;
    if (channelKind === ReportingChannelKind.WEBHOOK && (rotateSecret || current.channelKind !== ReportingChannelKind.WEBHOOK)) {
      signingSecret = SigningSecrets.generate();
      changes.signingSecretSealed = this.secrets.seal(signingSecret);
    } else if (channelKind === ReportingChannelKind.EMAIL) {
      if (rotateSecret) throw inputProblem('rotateSigningSecret', 'an EMAIL authority has no signing secret');
      changes.signingSecretSealed = null;
    }
    await this.dataSource.transaction(async (manager) => {
      await manager.getRepository(ReportingAuthorityEntity).update({ id }, changes);
      const { signingSecretSealed: _sealed, openPgpPublicKey: _key, ...recorded } = changes;
      await this.record(manager, reader, 'reporting-authority.updated', id, this.auditable(current), {
        ...recorded,
        ...(signingSecret ? { signingSecretRotated: true } : {}),
      });
    });
    return { authority: this.toView(this.abilityOf(reader), await this.load(id)), signingSecret };
  }

  /** Deactivates (or reactivates) an authority: new submissions no longer (or again) go to it. */
  async setActive(reader: Reader, id: string, active: boolean): Promise<ReportingAuthorityView> {
    this.assertManager(reader);
    const current = await this.find(id);
    if (current.active !== active) {
      await this.dataSource.transaction(async (manager) => {
        await manager.getRepository(ReportingAuthorityEntity).update({ id }, { active });
        await this.record(
          manager,
          reader,
          active ? 'reporting-authority.reactivated' : 'reporting-authority.deactivated',
          id,
          { active: current.active },
          { active },
        );
      });
    }
    return this.toView(this.abilityOf(reader), await this.load(id));
  }

  private abilityOf(reader: Reader): IncidentRoutingAbility {
    return defineIncidentRoutingAbility(reader, this.clock.now());
  }

  private assertManager(reader: Reader): void {
    if (!this.abilityOf(reader).can('manage', 'ReportingAuthority')) {
      throw CouncilError.forbidden('Only the secretariat configures reporting authorities');
    }
  }

  private async find(id: string): Promise<ReportingAuthorityEntity> {
    const row = await this.dataSource.getRepository(ReportingAuthorityEntity).findOneBy({ id });
    if (!row) throw CouncilError.notFound('Reporting authority');
    return row;
  }

  private load(id: string): Promise<ReportingAuthorityEntity> {
    return this.dataSource.getRepository(ReportingAuthorityEntity).findOneByOrFail({ id });
  }

  private async checkTarget(channelKind: ReportingChannelKind, raw: string | null | undefined): Promise<string> {
    const target = raw?.trim() ?? '';
    if (channelKind === ReportingChannelKind.WEBHOOK) {
      if (!target) throw inputProblem('target', 'a WEBHOOK authority needs an https URL');
      if (target.length > 2048) throw inputProblem('target', 'a webhook target may be at most 2048 characters');
      return checkWebhookTarget(target, this.config.allowInsecureWebhooks);
    }
    if (channelKind === ReportingChannelKind.EMAIL) {
      if (!this.config.smtpUrl) {
        throw CouncilError.badInput('E-mail delivery is not available on this server (no SMTP server is configured)', { field: 'target' });
      }
      if (target.length > 254 || !isEmail(target)) throw inputProblem('target', 'an EMAIL authority needs an e-mail address');
      return target.toLowerCase();
    }
    throw inputProblem('channelKind', 'must be WEBHOOK or EMAIL');
  }

  private async checkKey(
    channelKind: ReportingChannelKind,
    armored: string | null,
  ): Promise<{ armored: string; fingerprint: string } | null> {
    if (armored === null || armored.trim() === '') return null;
    if (channelKind !== ReportingChannelKind.EMAIL) throw inputProblem('openPgpPublicKey', 'only an EMAIL authority takes an OpenPGP key');
    try {
      return await checkPublicKey(armored, this.clock.now());
    } catch (error) {
      if (error instanceof OpenPgpKeyProblem) throw inputProblem('openPgpPublicKey', error.message);
      throw error;
    }
  }

  private async record(manager: EntityManager, reader: Reader, action: string, id: string, before: unknown, after: unknown): Promise<void> {
    await this.audit.append(manager, {
      actorId: reader.id,
      action,
      subjectType: 'ReportingAuthority',
      subjectId: id,
      before,
      after: after instanceof ReportingAuthorityEntity ? this.auditable(after) : after,
    });
  }

  /** What the audit log keeps of an authority: everything but the sealed secret. */
  private auditable(row: ReportingAuthorityEntity): Record<string, unknown> {
    const { signingSecretSealed: _sealed, openPgpPublicKey: _key, createdAt: _created, updatedAt: _updated, ...rest } = row;
    return { ...rest };
  }

  private toView(ability: IncidentRoutingAbility, row: ReportingAuthorityEntity): ReportingAuthorityView {
    return {
      id: row.id,
      nameJa: row.nameJa,
      nameEn: row.nameEn,
      kind: row.kind,
      requiresReporterConsent: row.requiresReporterConsent,
      active: row.active,
      ...projectReportingAuthority(ability, row),
      createdAt: row.createdAt,
      updatedAt: row.updatedAt,
    };
  }
}

function checkNames(nameJa: string, nameEn: string): { nameJa: string; nameEn: string } {
  const ja = nameJa?.trim() ?? '';
  const en = nameEn?.trim() ?? '';
  if (!ja) throw inputProblem('nameJa', 'should not be empty');
  if (!en) throw inputProblem('nameEn', 'should not be empty');
  if (ja.length > MAX_NAME) throw inputProblem('nameJa', `must be at most ${MAX_NAME} characters`);
  if (en.length > MAX_NAME) throw inputProblem('nameEn', `must be at most ${MAX_NAME} characters`);
  return { nameJa: ja, nameEn: en };
}

/** The police never receive a report without the reporter's consent: a POLICE authority always requires it. */
function checkConsent(kind: ReportingAuthorityKind, requested: boolean | null, current: boolean): boolean {
  if (kind === ReportingAuthorityKind.POLICE) {
    if (requested === false) throw inputProblem('requiresReporterConsent', "a POLICE authority always requires the reporter's consent");
    return true;
  }
  return requested ?? current;
}
