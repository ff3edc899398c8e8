import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import { asSubject } from '@app/policy/membership/membership-ability';
import { membershipActionToSql } from '@app/policy/membership/membership-access-sql';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { inOrder } from '../in-order';
import { placeProblemOf } from '../regions/japan-regions';
import { OrganisationEntity } from './organisation.entity';
import { ORGANISATION_AUDITED_FIELDS, organisationSnapshot, type NewOrganisation, type OrganisationChanges } from './organisation-fields';

export const MAX_NAME_LENGTH = 200;
const UPDATE_REFUSAL = 'Only the secretariat changes or deactivates organisations';

/** Organisations of the council: created and changed by the secretariat, each change recorded. */
@Injectable()
export class OrganisationService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
  ) {}

  /** Every organisation the reader may see: all for the secretariat and auditors, else their own. */
  async list(reader: Reader): Promise<OrganisationEntity[]> {
    const params = new SqlParameters();
    const allowed = membershipActionToSql(this.policy.membershipAbility(reader), 'read', 'Organisation', params);
    const rows = await typedSql(this.dataSource).rows(
      db.selectFrom('organisations as o').select('o.id').where(sqlCondition(allowed, params)).orderBy('o.name').orderBy('o.id'),
    );
    const ids = rows.map((r) => r.id);
    return inOrder(ids, await this.dataSource.getRepository(OrganisationEntity).findBy({ id: In(ids) }));
  }

  async create(actor: Reader, input: NewOrganisation): Promise<OrganisationEntity> {
    if (!this.policy.membershipAbility(actor).can('create', 'Organisation')) {
      throw CouncilError.forbidden('Only the secretariat creates organisations');
    }
    const fields = {
      name: cleanName(input.name),
      kind: input.kind,
      tier: input.tier,
      sectors: [...new Set(input.sectors)],
      prefecture: input.prefecture ?? null,
      municipality: input.municipality ?? null,
      foreign: input.foreign,
      active: true,
      agreementExpiresAt: input.agreementExpiresAt ?? null,
      facilityClearanceExpiresAt: input.facilityClearanceExpiresAt ?? null,
    };
    assertPlace(fields.prefecture, fields.municipality);
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.save(manager.create(OrganisationEntity, fields));
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'organisation.created',
        subjectType: 'Organisation',
        subjectId: organisation.id,
        before: null,
        after: organisationSnapshot(organisation),
      });
      return organisation;
    });
  }

  async update(actor: Reader, id: string, changes: OrganisationChanges): Promise<OrganisationEntity> {
    const ability = this.policy.membershipAbility(actor);
    if (!ability.can('update', 'Organisation')) throw CouncilError.forbidden(UPDATE_REFUSAL);
    return this.dataSource.transaction(async (manager) => {
      const organisation = await manager.findOne(OrganisationEntity, {
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!organisation) throw CouncilError.notFound('Organisation');
      if (!ability.can('update', asSubject('Organisation', { id }))) throw CouncilError.forbidden(UPDATE_REFUSAL);
      const before = organisationSnapshot(organisation);
      if (changes.name !== undefined) organisation.name = cleanName(changes.name);
      if (changes.tier !== undefined) organisation.tier = changes.tier;
      if (changes.sectors !== undefined) organisation.sectors = [...new Set(changes.sectors)];
      if (changes.prefecture !== undefined) organisation.prefecture = changes.prefecture;
      if (changes.municipality !== undefined) organisation.municipality = changes.municipality;
      if (changes.foreign !== undefined) organisation.foreign = changes.foreign;
      if (changes.active !== undefined) organisation.active = changes.active;
      if (changes.agreementExpiresAt !== undefined) organisation.agreementExpiresAt = changes.agreementExpiresAt;
      if (changes.facilityClearanceExpiresAt !== undefined) {
        organisation.facilityClearanceExpiresAt = changes.facilityClearanceExpiresAt;
      }
      if (changes.escalationDelaySeconds !== undefined) organisation.escalationDelaySeconds = changes.escalationDelaySeconds;
      assertPlace(organisation.prefecture, organisation.municipality);
      const after = organisationSnapshot(organisation);
      const changed = ORGANISATION_AUDITED_FIELDS.filter((f) => !sameValue(before[f], after[f]));
      if (changed.length === 0) return organisation;
      const saved = await manager.save(organisation);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'organisation.updated',
        subjectType: 'Organisation',
        subjectId: id,
        before: pick(before, changed),
        after: pick(after, changed),
      });
      return saved;
    });
  }
}

function cleanName(name: string): string {
  const trimmed = name.trim();
  if (trimmed.length === 0) throw inputProblem('name', 'name must not be blank');
  if (trimmed.length > MAX_NAME_LENGTH) {
    throw inputProblem('name', `name must be shorter than or equal to ${MAX_NAME_LENGTH} characters`);
  }
  return trimmed;
}

function assertPlace(prefecture: string | null, municipality: string | null): void {
  const problem = placeProblemOf(prefecture, municipality);
  if (problem) throw inputProblem(problem.field, problem.message);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.slice().sort().join() === b.slice().sort().join();
  }
  return a === b;
}

function pick(snapshot: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((f) => [f, snapshot[f]]));
}
