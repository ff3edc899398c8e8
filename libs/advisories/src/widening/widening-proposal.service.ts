import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AccessLogService } from '@app/audit/access-log.service';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { AdvisoryStatus } from '@app/platform/vocabulary';
import { declassificationAction, type AdvisoryAbility } from '@app/policy/advisories/advisory-ability';
import { actionToSql } from '@app/policy/advisories/advisory-access-sql';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { AdvisoryEntity } from '../entities/advisory.entity';
import { WideningProposalEntity, WideningProposalStatus } from '../entities/widening-proposal.entity';
import { applyPatch, changedFields, contentColumns, contentOf, type AdvisoryContent } from '../lifecycle/advisory-content';
import { AdvisoryErrors } from '../lifecycle/advisory-errors';
import { AdvisoryLifecycleService, ADVISORY_SUBJECT } from '../lifecycle/advisory-lifecycle.service';
import { confidentialFullReads, projectContent } from '../lifecycle/project-content';
import { refusalMessage } from '@app/policy/advisories/advisory-refusals';
import { classificationsLoweredFrom, wideningOf } from '../lifecycle/widening';
import { isUuid } from '../queries/feed-cursor';
import { AdvisoryQueryService } from '../queries/advisory-query.service';
import { AdvisoryVersionChange } from '../versions/advisory-version-snapshot';
import { AdvisoryVersionsService } from '../versions/advisory-versions.service';
import { wideningPatch, type StoredWideningProposal, type WideningRequest } from './widening-request';

export interface WideningProposalView {
  id: string;
  advisoryId: string;
  status: WideningProposalStatus;
  baseVersion: number;
  /** The advisory changed since the proposal: consent is refused, the secretariat proposes again. */
  stale: boolean;
  note: string | null;
  widens: string[];
  proposedAt: Date;
  decidedAt: Date | null;
  /** While pending: the advisory as it would be after consent, as this reader would see it. */
  proposed: AdvisoryView | null;
}

const notFound = () => CouncilError.notFound('Widening proposal');
const LIST_LIMIT = 200;

/**
 * ACCESS-POLICY.md: widening a published advisory "needs the originator organisation's consent when
 * the secretariat proposes it, and is recorded". A proposal exists for the people who may propose
 * or decide it (the policy's proposeWidening / consentWidening); for anyone else it does not.
 */
@Injectable()
export class WideningProposalService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly queries: AdvisoryQueryService,
    private readonly lifecycle: AdvisoryLifecycleService,
    private readonly versions: AdvisoryVersionsService,
    private readonly audit: AuditLogService,
    private readonly accessLog: AccessLogService,
    private readonly clock: Clock,
  ) {}

  async propose(proposer: Reader, advisoryId: string, request: WideningRequest, note: string | null): Promise<WideningProposalView> {
    let proposalId = '';
    await this.lifecycle.decide(proposer, advisoryId, 'proposeWidening', async (manager, advisory, now) => {
      const before = contentOf(advisory);
      const after = applyPatch(before, wideningPatch(before, request));
      await this.lifecycle.assertWritable(manager, after, before, proposer, now);
      const widenings = wideningOf(before, after);
      if (widenings.length === 0) {
        throw AdvisoryErrors.invalid([
          { field: 'input', problem: 'this proposal widens nothing; the originator may narrow an advisory without consent' },
        ]);
      }
      this.assertMayDeclassify(proposer, advisory, before, after, now);
      const changes: StoredWideningProposal = { request, note, widens: widenings.map((w) => `${w.field}: ${w.change}`) };
      const saved = await manager.save(
        manager.create(WideningProposalEntity, {
          advisoryId: advisory.id,
          baseVersion: advisory.version,
          changes: changes as unknown as Record<string, unknown>,
          status: WideningProposalStatus.PENDING,
          proposedById: proposer.id,
          decidedById: null,
          decidedAt: null,
        }),
      );
      proposalId = saved.id;
      await this.audit.append(manager, {
        actorId: proposer.id,
        action: 'advisory.widening_proposed',
        subjectType: ADVISORY_SUBJECT,
        subjectId: advisory.id,
        after: { proposalId: saved.id, baseVersion: advisory.version, fields: changedFields(before, after) },
      });
    });
    return this.findOne(proposer, proposalId);
  }

  /** The originator organisation consents: the widening becomes a new version at once. */
  async consent(decider: Reader, proposalId: string): Promise<AdvisoryView> {
    const advisoryId = await this.decide(decider, proposalId, async (manager, proposal, advisory, now) => {
      if (proposal.baseVersion !== advisory.version) {
        throw CouncilError.conflict(
          `The advisory has changed since this proposal (version ${proposal.baseVersion}, now ${advisory.version}): ` +
            'the secretariat has to propose again',
        );
      }
      const stored = proposal.changes as unknown as StoredWideningProposal;
      const before = contentOf(advisory);
      const after = applyPatch(before, wideningPatch(before, stored.request));
      await this.lifecycle.assertWritable(manager, after, before, decider, now);
      this.assertMayDeclassify(decider, advisory, before, after, now);
      const version = advisory.version + 1;
      await manager.update(AdvisoryEntity, { id: advisory.id }, { ...contentColumns(after), version, updatedAt: now });
      await this.versions.record(manager, advisory.id, version, AdvisoryVersionChange.WIDENED, after, decider.id);
      await this.close(manager, proposal, WideningProposalStatus.ACCEPTED, decider, now);
      await this.audit.append(manager, {
        actorId: decider.id,
        action: 'advisory.widening_consented',
        subjectType: ADVISORY_SUBJECT,
        subjectId: advisory.id,
        before: { version: advisory.version },
        after: { proposalId: proposal.id, version, fields: changedFields(before, after) },
      });
    });
    return this.lifecycle.viewFor(decider, advisoryId);
  }

  async decline(decider: Reader, proposalId: string): Promise<WideningProposalView> {
    await this.decide(decider, proposalId, async (manager, proposal, advisory, now) => {
      await this.close(manager, proposal, WideningProposalStatus.DECLINED, decider, now);
      await this.audit.append(manager, {
        actorId: decider.id,
        action: 'advisory.widening_declined',
        subjectType: ADVISORY_SUBJECT,
        subjectId: advisory.id,
        after: { proposalId: proposal.id, version: advisory.version },
      });
    });
    return this.findOne(decider, proposalId);
  }

  /**
   * Pending proposals on published advisories that the reader may decide (originator) or has the
   * standing to propose (secretariat), newest first; the policy is the query's WHERE clause.
   */
  async listPending(reader: Reader, advisoryId?: string | null): Promise<WideningProposalView[]> {
    const now = this.clock.now();
    const ability = this.policy.advisoryAbility(reader, now);
    if (advisoryId != null && !isUuid(advisoryId)) return [];
    const params = new SqlParameters();
    const mayDecideOrPropose = `(${actionToSql(ability, 'consentWidening', params)} OR ${actionToSql(ability, 'proposeWidening', params)})`;
    let query = db
      .selectFrom('widening_proposals as p')
      .innerJoin('advisories as a', 'a.id', 'p.advisory_id')
      .select('p.id')
      .where('p.status', '=', WideningProposalStatus.PENDING)
      .where('a.status', '=', AdvisoryStatus.PUBLISHED)
      .where(sqlCondition(mayDecideOrPropose, params));
    if (advisoryId != null) query = query.where('p.advisory_id', '=', advisoryId);
    const rows = await typedSql(this.dataSource).rows(query.orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(LIST_LIMIT));
    return this.load(
      reader,
      ability,
      rows.map((row) => row.id),
      now,
    );
  }

  private async findOne(reader: Reader, proposalId: string): Promise<WideningProposalView> {
    const now = this.clock.now();
    const [view] = await this.load(reader, this.policy.advisoryAbility(reader, now), [proposalId], now);
    if (!view) throw notFound();
    return view;
  }

  /** Proposals already known to exist for the reader, with their advisories, projected for them. */
  private async load(reader: Reader, ability: AdvisoryAbility, ids: string[], now: Date): Promise<WideningProposalView[]> {
    if (ids.length === 0) return [];
    const proposals = await this.dataSource.getRepository(WideningProposalEntity).findBy({ id: In(ids) });
    const advisoryIds = [...new Set(proposals.map((p) => p.advisoryId))];
    const advisories = new Map((await this.dataSource.getRepository(AdvisoryEntity).findBy({ id: In(advisoryIds) })).map((a) => [a.id, a]));
    const byId = new Map(proposals.map((p) => [p.id, p]));
    const views = ids.map((id) => {
      const proposal = byId.get(id) as WideningProposalEntity;
      const advisory = advisories.get(proposal.advisoryId) as AdvisoryEntity;
      const stored = proposal.changes as unknown as StoredWideningProposal;
      const pending = proposal.status === WideningProposalStatus.PENDING;
      const current = contentOf(advisory);
      return {
        id: proposal.id,
        advisoryId: proposal.advisoryId,
        status: proposal.status,
        baseVersion: proposal.baseVersion,
        stale: pending && proposal.baseVersion !== advisory.version,
        note: stored.note,
        widens: stored.widens,
        proposedAt: proposal.createdAt,
        decidedAt: proposal.decidedAt,
        proposed: pending ? projectContent(ability, advisory, applyPatch(current, wideningPatch(current, stored.request))) : null,
      };
    });
    const proposed = views.map((v) => v.proposed).filter((v): v is AdvisoryView => v !== null);
    await this.accessLog.record(confidentialFullReads(reader.id, proposed), now);
    return views;
  }

  /**
   * Runs `work` on a pending proposal and its published advisory, both locked, once the policy lets
   * the decider consent. A proposal the decider may neither decide nor propose does not exist for them.
   */
  private async decide(
    decider: Reader,
    proposalId: string,
    work: (manager: EntityManager, proposal: WideningProposalEntity, advisory: AdvisoryEntity, now: Date) => Promise<void>,
  ): Promise<string> {
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const proposal = isUuid(proposalId)
        ? await manager.findOne(WideningProposalEntity, { where: { id: proposalId }, lock: { mode: 'pessimistic_write' } })
        : null;
      if (!proposal) throw notFound();
      const advisory = await this.queries.lockVisible(manager, decider, proposal.advisoryId);
      const may = (action: 'consentWidening' | 'proposeWidening') =>
        advisory !== null && this.policy.canOnAdvisory(decider, action, advisory);
      if (!advisory || (!may('consentWidening') && !may('proposeWidening'))) throw notFound();
      if (!may('consentWidening')) {
        throw AdvisoryErrors.notAllowed(refusalMessage('consentWidening', advisory, decider.id, this.policy.facts(decider, now)));
      }
      if (proposal.status !== WideningProposalStatus.PENDING) {
        throw CouncilError.conflict(`This proposal has already been decided (${proposal.status})`);
      }
      if (advisory.status !== AdvisoryStatus.PUBLISHED) {
        throw CouncilError.conflict(`A ${advisory.status} advisory cannot be widened: only PUBLISHED`);
      }
      await work(manager, proposal, advisory, now);
      return advisory.id;
    });
  }

  /** Each side of a widening that lowers a classification must be entitled to lower it from there. */
  private assertMayDeclassify(actor: Reader, advisory: AdvisoryEntity, before: AdvisoryContent, after: AdvisoryContent, now: Date): void {
    for (const from of classificationsLoweredFrom(before, after)) {
      const action = declassificationAction(from);
      if (action && !this.policy.canOnAdvisory(actor, action, advisory)) {
        throw AdvisoryErrors.notAllowed(refusalMessage(action, advisory, actor.id, this.policy.facts(actor, now)));
      }
    }
  }

  private async close(
    manager: EntityManager,
    proposal: WideningProposalEntity,
    status: WideningProposalStatus,
    decider: Reader,
    now: Date,
  ): Promise<void> {
    await manager.update(WideningProposalEntity, { id: proposal.id }, { status, decidedById: decider.id, decidedAt: now });
  }
}
