import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import { ClearanceLevel, Role, type MembershipTier } from '@app/platform/vocabulary';
import { asSubject } from '@app/policy/membership/membership-ability';
import { membershipActionToSql } from '@app/policy/membership/membership-access-sql';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { inOrder } from '../in-order';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from './person.entity';
import { assertMayEver, lockPersonFor } from './person-guard';
import { personSnapshot, personSubject } from './person-snapshot';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_DISPLAY_NAME_LENGTH = 200;

export interface NewPerson {
  email: string;
  displayName: string;
  organisationId?: string | null;
  individualTier?: MembershipTier | null;
  roles: Role[];
}

export interface PeoplePage {
  people: PersonEntity[];
  hasNextPage: boolean;
}

const INVITE_REFUSAL =
  'Only the secretariat, or an ORG_ADMIN for their own organisation (never with the SECRETARIAT or AUDITOR role), may invite people';
const SET_ACTIVE_REFUSAL =
  'Only the secretariat, or an ORG_ADMIN for people of their own organisation, may activate or deactivate a person (never themselves); a person the secretariat deactivated only the secretariat re-activates';
const SET_ROLES_REFUSAL =
  "Only the secretariat, or an ORG_ADMIN for people of their own organisation, may change a person's roles (never their own; SECRETARIAT and AUDITOR only by the secretariat)";

/** The council's people: who they are, which organisation they act for, which roles they hold. */
@Injectable()
export class PeopleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
  ) {}

  /** The person with their organisation, or null when it does not exist for this reader. */
  async get(reader: Reader, id: string): Promise<PersonEntity | null> {
    const person = await this.dataSource.getRepository(PersonEntity).findOne({ where: { id }, relations: { organisation: true } });
    if (!person) return null;
    const visible = this.policy.membershipAbility(reader).can('read', asSubject('Person', personSubject(person)));
    return visible ? person : null;
  }

  /** People the reader may see, by e-mail address, `first` at a time after the address `afterEmail`. */
  async page(reader: Reader, options: { organisationId?: string | null; first: number; afterEmail?: string | null }): Promise<PeoplePage> {
    const params = new SqlParameters();
    const allowed = membershipActionToSql(this.policy.membershipAbility(reader), 'read', 'Person', params);
    let query = db.selectFrom('persons as p').select('p.id').where(sqlCondition(allowed, params));
    if (options.organisationId) query = query.where('p.organisation_id', '=', options.organisationId);
    if (options.afterEmail) query = query.where('p.email', '>', options.afterEmail);
    const rows = await typedSql(this.dataSource).rows(query.orderBy('p.email').limit(options.first + 1));
    const ids = rows.slice(0, options.first).map((r) => r.id);
    const people = await this.dataSource.getRepository(PersonEntity).find({ where: { id: In(ids) }, relations: { organisation: true } });
    return { people: inOrder(ids, people), hasNextPage: rows.length > options.first };
  }

  /**
   * Creates an invited person (no password yet) inside the caller's transaction, after the policy
   * allowed `actor` to invite exactly this person.
   */
  async createInvitee(manager: EntityManager, actor: Reader, input: NewPerson): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'invite', INVITE_REFUSAL);
    const email = normaliseEmail(input.email);
    const displayName = input.displayName.trim();
    if (displayName.length === 0) throw inputProblem('displayName', 'displayName must not be blank');
    if (displayName.length > MAX_DISPLAY_NAME_LENGTH) {
      throw inputProblem('displayName', `displayName must be shorter than or equal to ${MAX_DISPLAY_NAME_LENGTH} characters`);
    }
    const organisationId = input.organisationId ?? null;
    const roles = [...new Set(input.roles)];
    if (!ability.can('invite', asSubject('Person', { id: null, organisationId, roles }))) {
      throw CouncilError.forbidden(INVITE_REFUSAL);
    }
    const individualTier = input.individualTier ?? null;
    if (organisationId !== null && individualTier !== null) {
      throw inputProblem('individualTier', 'individualTier is only for individual members (people without an organisation)');
    }
    assertRolesFit(roles, organisationId);
    if (organisationId !== null) {
      const organisation = await manager.findOne(OrganisationEntity, { where: { id: organisationId } });
      if (!organisation) throw inputProblem('organisationId', 'no organisation has this id');
      if (!organisation.active) throw inputProblem('organisationId', 'the organisation is deactivated');
    }
    const taken = this.policy.facts(actor).isSecretariat ? emailTaken : addressRefusedOutsideSecretariat;
    if (await manager.exists(PersonEntity, { where: { email } })) throw taken();
    const person = manager.create(PersonEntity, {
      email,
      displayName,
      organisationId,
      individualTier,
      roles,
      active: true,
      pledgeExpiresAt: null,
      clearanceLevel: ClearanceLevel.NONE,
      clearanceExpiresAt: null,
      clearanceSuspended: false,
      passwordHash: null,
    });
    try {
      return await manager.save(person);
    } catch (error) {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    }
  }

  async setActive(actor: Reader, personId: string, active: boolean): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'setActive', SET_ACTIVE_REFUSAL);
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'setActive', personId, SET_ACTIVE_REFUSAL);
      if (person.active === active) return;
      const deactivatedBy = active
        ? { deactivatedById: null, deactivatedBySecretariat: false }
        : { deactivatedById: actor.id, deactivatedBySecretariat: this.policy.facts(actor).isSecretariat };
      await manager.update(PersonEntity, { id: person.id }, { active, ...deactivatedBy });
      await this.audit.append(manager, {
        actorId: actor.id,
        action: active ? 'person.activated' : 'person.deactivated',
        subjectType: 'Person',
        subjectId: person.id,
        before: { active: person.active },
        after: { active },
      });
    });
    return this.reload(personId);
  }

  async setRoles(actor: Reader, personId: string, roles: Role[]): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'setRoles', SET_ROLES_REFUSAL);
    const wanted = [...new Set(roles)];
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'setRoles', personId, SET_ROLES_REFUSAL);
      // The rule is checked on the person as they will be too: an ORG_ADMIN may not hand out SECRETARIAT.
      if (!ability.can('setRoles', asSubject('Person', { ...personSubject(person), roles: wanted }))) {
        throw CouncilError.forbidden(SET_ROLES_REFUSAL);
      }
      assertRolesFit(wanted, person.organisationId);
      if (sameRoles(person.roles, wanted)) return;
      await manager.update(PersonEntity, { id: person.id }, { roles: wanted });
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'person.roles_changed',
        subjectType: 'Person',
        subjectId: person.id,
        before: { roles: person.roles },
        after: { roles: wanted },
      });
    });
    return this.reload(personId);
  }

  /** The person with their organisation, whoever asks (for the results of allowed changes). */
  async reload(personId: string, manager: EntityManager = this.dataSource.manager): Promise<PersonEntity> {
    return manager.findOneOrFail(PersonEntity, { where: { id: personId }, relations: { organisation: true } });
  }

  snapshot(person: PersonEntity): Record<string, unknown> {
    return personSnapshot(person);
  }
}

export function normaliseEmail(email: string): string {
  const normalised = email.trim().toLowerCase();
  if (normalised.length === 0) throw inputProblem('email', 'email must not be blank');
  if (normalised.length > MAX_EMAIL_LENGTH) {
    throw inputProblem('email', `email must be shorter than or equal to ${MAX_EMAIL_LENGTH} characters`);
  }
  return normalised;
}

function assertRolesFit(roles: readonly Role[], organisationId: string | null): void {
  if (roles.includes(Role.ORG_ADMIN) && organisationId === null) {
    throw inputProblem('roles', 'ORG_ADMIN is a role within an organisation: the person needs an organisationId');
  }
}

function emailTaken(): CouncilError {
  return new CouncilError('CONFLICT', 'Invalid input: email: a person with this email address already exists', {
    problems: ['email: a person with this email address already exists'],
  });
}

/**
 * What an ORG_ADMIN hears when the address is taken, wherever its holder is (their own
 * organisation, another one, the secretariat): membership is confidential, so the answer neither
 * says that the address has an account nor where. E-mail addresses are unique council-wide, so a
 * refusal is unavoidable; the secretariat, who sees everyone, hears the precise reason.
 */
function addressRefusedOutsideSecretariat(): CouncilError {
  const problem = 'email: this address cannot be invited by your organisation; if it is the right address, ask the secretariat';
  return new CouncilError('CONFLICT', `Invalid input: ${problem}`, { problems: [problem] });
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}
