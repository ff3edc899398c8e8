import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { inputProblem } from '@app/platform/errors/input-problem';
import type { ClearanceLevel } from '@app/platform/vocabulary';
import { clearanceApprovalRefusal } from '@app/policy/membership/clearance-approval';
import { asSubject, type ClearanceGrantRequestSubject, type MembershipAbility } from '@app/policy/membership/membership-ability';
import { membershipActionToSql } from '@app/policy/membership/membership-access-sql';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { inOrder } from '../in-order';
import { PersonEntity } from '../people/person.entity';
import { assertMayEver, lockPersonFor } from '../people/person-guard';
import { ClearanceGrantRequestEntity, ClearanceGrantRequestStatus } from './clearance-grant-request.entity';

const REQUEST_REFUSAL = 'Only the secretariat requests clearance grants, and never for themselves';
const SUSPEND_REFUSAL = 'Only the secretariat suspends clearances, and never their own';
const DECIDE_REFUSAL = 'Only the secretariat decides clearance grant requests';
const REJECT_REFUSAL = 'A clearance grant request is rejected by a secretariat person other than its requester and the person it is for';

function clearanceOf(person: PersonEntity): Record<string, unknown> {
  return {
    level: person.clearanceLevel,
    expiresAt: person.clearanceExpiresAt,
    suspended: person.clearanceSuspended,
  };
}

/** A clearance grant request as one reader sees it. */
export interface ClearanceGrantRequestView {
  /** With person, requestedBy and decidedBy loaded, each with their organisation. */
  request: ClearanceGrantRequestEntity;
  /** Why this reader may not approve it; null when they may. */
  approvalRefusal: string | null;
}

/**
 * Personal security clearances. A clearance is granted by two secretariat people (ACCESS-POLICY.md
 * "Clearances and accounts"): one requests, another approves; who may approve is the policy's
 * (approveClearanceGrant). A clearance is personal: it may be granted whatever the person's
 * organisation's facility clearance (cleared() checks that later). One secretariat person may
 * suspend anyone's clearance but their own.
 */
@Injectable()
export class ClearanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * The contract's grantClearance. With no request pending for the person, records one (the person
   * is returned unchanged). With one pending for the same level, a call by a secretariat person who
   * may approve it approves it — and must name the request's expiry, so that nobody approves what
   * they did not see. Granting lifts any suspension.
   */
  async grant(actor: Reader, personId: string, level: ClearanceLevel, expiresAt: Date): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'grantClearance', REQUEST_REFUSAL);
    const now = this.clock.now();
    if (!(expiresAt.getTime() > now.getTime())) throw inputProblem('expiresAt', 'expiresAt must be in the future');
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'grantClearance', personId, REQUEST_REFUSAL);
      const pending = await this.lockPending(manager, person.id);
      if (!pending) {
        await this.request(manager, actor, person, level, expiresAt);
        return;
      }
      if (pending.level !== level) {
        throw CouncilError.conflict(
          `A request to grant ${pending.level} to this person is pending: approve or reject it before requesting another level`,
        );
      }
      await this.assertMayApprove(manager, actor, pending, now);
      if (pending.expiresAt.getTime() !== expiresAt.getTime()) {
        throw inputProblem(
          'expiresAt',
          `the pending request grants ${pending.level} until ${pending.expiresAt.toISOString()}: approve it with that expiresAt, or reject it and request again`,
        );
      }
      await this.approveLocked(manager, actor, person, pending, now);
    });
    return this.reload(personId);
  }

  /** Approves a pending request: its level and expiry become the person's clearance. */
  async approve(actor: Reader, requestId: string): Promise<ClearanceGrantRequestView> {
    const ability = this.policy.membershipAbility(actor);
    assertMayDecideAny(ability);
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const { person, request } = await this.lockForDecision(manager, ability, requestId);
      await this.assertMayApprove(manager, actor, request, now);
      await this.approveLocked(manager, actor, person, request, now);
    });
    return this.view(actor, requestId);
  }

  /** Rejects a pending request; the person's clearance stays as it is. */
  async reject(actor: Reader, requestId: string): Promise<ClearanceGrantRequestView> {
    const ability = this.policy.membershipAbility(actor);
    assertMayDecideAny(ability);
    await this.dataSource.transaction(async (manager) => {
      const { person, request } = await this.lockForDecision(manager, ability, requestId);
      if (!ability.can('rejectClearanceGrant', asSubject('ClearanceGrantRequest', { ...(await this.subjectOf(manager, request)) }))) {
        throw CouncilError.forbidden(REJECT_REFUSAL);
      }
      Object.assign(request, { status: ClearanceGrantRequestStatus.REJECTED, decidedById: actor.id, decidedAt: this.clock.now() });
      await manager.save(request);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'clearance.grant_rejected',
        subjectType: 'Person',
        subjectId: person.id,
        before: null,
        after: { requestId: request.id, level: request.level, expiresAt: request.expiresAt, requestedById: request.requestedById },
      });
    });
    return this.view(actor, requestId);
  }

  /** The pending requests the reader may see (the secretariat and auditors), oldest first. */
  async pending(actor: Reader): Promise<ClearanceGrantRequestView[]> {
    const params = new SqlParameters();
    const allowed = membershipActionToSql(this.policy.membershipAbility(actor), 'read', 'ClearanceGrantRequest', params);
    const rows = await typedSql(this.dataSource).rows(
      db
        .selectFrom('clearance_grant_requests as r')
        .select('r.id')
        .where('r.status', '=', ClearanceGrantRequestStatus.PENDING)
        .where(sqlCondition(allowed, params))
        .orderBy('r.created_at')
        .orderBy('r.id'),
    );
    return this.views(
      actor,
      rows.map((row) => row.id),
    );
  }

  async suspend(actor: Reader, personId: string): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'suspendClearance', SUSPEND_REFUSAL);
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'suspendClearance', personId, SUSPEND_REFUSAL);
      if (person.clearanceSuspended) return;
      const before = clearanceOf(person);
      person.clearanceSuspended = true;
      await manager.save(person);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'clearance.suspended',
        subjectType: 'Person',
        subjectId: person.id,
        before,
        after: clearanceOf(person),
      });
    });
    return this.reload(personId);
  }

  private async request(
    manager: EntityManager,
    actor: Reader,
    person: PersonEntity,
    level: ClearanceLevel,
    expiresAt: Date,
  ): Promise<void> {
    const request = await manager.save(
      manager.create(ClearanceGrantRequestEntity, {
        personId: person.id,
        level,
        expiresAt,
        requestedById: actor.id,
        status: ClearanceGrantRequestStatus.PENDING,
        decidedById: null,
        decidedAt: null,
      }),
    );
    await this.audit.append(manager, {
      actorId: actor.id,
      action: 'clearance.grant_requested',
      subjectType: 'Person',
      subjectId: person.id,
      before: clearanceOf(person),
      after: { requestId: request.id, level, expiresAt },
    });
  }

  private async assertMayApprove(manager: EntityManager, actor: Reader, request: ClearanceGrantRequestEntity, now: Date): Promise<void> {
    const refusal = clearanceApprovalRefusal(actor, await this.subjectOf(manager, request), now);
    if (refusal !== null) throw CouncilError.forbidden(refusal);
    if (request.expiresAt.getTime() <= now.getTime()) {
      throw CouncilError.conflict('The expiry this request asks for has passed: reject it and request the grant again');
    }
  }

  private async approveLocked(
    manager: EntityManager,
    actor: Reader,
    person: PersonEntity,
    request: ClearanceGrantRequestEntity,
    now: Date,
  ): Promise<void> {
    const before = clearanceOf(person);
    Object.assign(person, { clearanceLevel: request.level, clearanceExpiresAt: request.expiresAt, clearanceSuspended: false });
    await manager.save(person);
    Object.assign(request, { status: ClearanceGrantRequestStatus.APPROVED, decidedById: actor.id, decidedAt: now });
    await manager.save(request);
    await this.audit.append(manager, {
      actorId: actor.id,
      action: 'clearance.granted',
      subjectType: 'Person',
      subjectId: person.id,
      before,
      after: { ...clearanceOf(person), requestId: request.id, requestedById: request.requestedById },
    });
  }

  /**
   * The person, then the request, each locked: grantClearance locks in the same order, so the two
   * never wait on each other. A request the actor may not see is reported like one that does not exist.
   */
  private async lockForDecision(
    manager: EntityManager,
    ability: MembershipAbility,
    requestId: string,
  ): Promise<{ person: PersonEntity; request: ClearanceGrantRequestEntity }> {
    const found = await manager.findOne(ClearanceGrantRequestEntity, { where: { id: requestId } });
    if (
      !found ||
      !ability.can('read', asSubject('ClearanceGrantRequest', { personId: found.personId, requestedById: found.requestedById }))
    ) {
      throw CouncilError.notFound('Clearance grant request');
    }
    const person = await lockPersonFor(manager, ability, 'read', found.personId, DECIDE_REFUSAL);
    const request = await manager.findOneOrFail(ClearanceGrantRequestEntity, {
      where: { id: requestId },
      lock: { mode: 'pessimistic_write' },
    });
    if (request.status !== ClearanceGrantRequestStatus.PENDING) {
      throw CouncilError.conflict(
        `This request has already been ${request.status === ClearanceGrantRequestStatus.APPROVED ? 'approved' : 'rejected'}`,
      );
    }
    return { person, request };
  }

  private lockPending(manager: EntityManager, personId: string): Promise<ClearanceGrantRequestEntity | null> {
    return manager.findOne(ClearanceGrantRequestEntity, {
      where: { personId, status: ClearanceGrantRequestStatus.PENDING },
      lock: { mode: 'pessimistic_write' },
    });
  }

  private async subjectOf(manager: EntityManager, request: ClearanceGrantRequestEntity): Promise<ClearanceGrantRequestSubject> {
    return subjectWith(request, await inviterIds(manager, [request.personId]));
  }

  private async view(actor: Reader, requestId: string): Promise<ClearanceGrantRequestView> {
    const [view] = await this.views(actor, [requestId]);
    return view;
  }

  private async views(actor: Reader, ids: string[]): Promise<ClearanceGrantRequestView[]> {
    if (ids.length === 0) return [];
    const withOrganisation = { organisation: true } as const;
    const requests = await this.dataSource.getRepository(ClearanceGrantRequestEntity).find({
      where: { id: In(ids) },
      relations: { person: withOrganisation, requestedBy: withOrganisation, decidedBy: withOrganisation },
    });
    const inviters = await inviterIds(
      this.dataSource.manager,
      requests.map((r) => r.personId),
    );
    const now = this.clock.now();
    return inOrder(ids, requests).map((request) => ({
      request,
      approvalRefusal:
        request.status === ClearanceGrantRequestStatus.PENDING
          ? clearanceApprovalRefusal(actor, subjectWith(request, inviters), now)
          : null,
    }));
  }

  private reload(personId: string): Promise<PersonEntity> {
    return this.dataSource.getRepository(PersonEntity).findOneOrFail({ where: { id: personId }, relations: { organisation: true } });
  }
}

/** Refuses at once someone who may decide no clearance grant request at all (anyone but the secretariat). */
function assertMayDecideAny(ability: MembershipAbility): void {
  if (!ability.can('rejectClearanceGrant', 'ClearanceGrantRequest')) throw CouncilError.forbidden(DECIDE_REFUSAL);
}

/**
 * Everyone who issued an invitation for each person (invitePerson or renewInvitation): they held
 * the token that set the account's password, so ACCESS-POLICY.md bars them from approving the
 * person's clearance. Read straight from the identity library's invitations table, which records
 * the issuer of every token.
 */
/** What the policy reads of a request: whose, who asked, and who invited the person. */
function subjectWith(request: ClearanceGrantRequestEntity, inviters: Map<string, string[]>): ClearanceGrantRequestSubject {
  return { personId: request.personId, requestedById: request.requestedById, inviterIds: inviters.get(request.personId) ?? [] };
}

async function inviterIds(manager: EntityManager, personIds: string[]): Promise<Map<string, string[]>> {
  const rows = await typedSql(manager).rows(
    db
      .selectFrom('invitations')
      .select(['person_id', sql<string[]>`array_agg(DISTINCT invited_by_id)::text[]`.as('inviters')])
      .where('person_id', '=', sql<string>`ANY(${[...new Set(personIds)]}::uuid[])`)
      .where('invited_by_id', 'is not', null)
      .groupBy('person_id'),
  );
  return new Map(rows.map((row) => [row.person_id, row.inviters]));
}
