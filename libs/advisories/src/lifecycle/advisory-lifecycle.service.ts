import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { AdvisoryStatus, rank, SEVERITY_ORDER } from '@app/platform/vocabulary';
import type { AdvisoryAction } from '@app/policy/advisories/advisory-ability';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { AdvisoryEntity } from '../entities/advisory.entity';
import { AdvisoryQueryService } from '../queries/advisory-query.service';
import { AdvisoryVersionChange } from '../versions/advisory-version-snapshot';
import { AdvisoryVersionsService } from '../versions/advisory-versions.service';
import {
  applyPatch,
  changedFields,
  contentColumns,
  contentOf,
  normaliseAudience,
  type AdvisoryContent,
  type AdvisoryContentPatch,
} from './advisory-content';
import { AdvisoryErrors } from './advisory-errors';
import { recordOutboxEvent } from '@app/outbox/record-outbox-event';
import { unknownAudienceReferences } from './audience-references';
import { refusalMessage } from '@app/policy/advisories/advisory-refusals';
import { wideningOf } from './widening';
import { writingProblems } from './writing-rules';

/** The audit log's subject type for advisories. */
export const ADVISORY_SUBJECT = 'Advisory';

/**
 * DRAFT → PENDING_REVIEW → PUBLISHED | REJECTED, PUBLISHED → WITHDRAWN, and edits. Every decision
 * is the policy's (its CASL actions), taken on the row locked for this transaction; the change,
 * its version snapshot, its outbox event and its audit row commit together.
 */
@Injectable()
export class AdvisoryLifecycleService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly queries: AdvisoryQueryService,
    private readonly versions: AdvisoryVersionsService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** A member writes a DRAFT; the originator organisation is the author's. */
  async create(author: Reader, content: AdvisoryContent): Promise<AdvisoryView> {
    const id = await this.dataSource.transaction((manager) => this.createDraftIn(manager, author, content));
    return this.viewFor(author, id);
  }

  /**
   * `create` inside the caller's transaction (an advisory derived from incident reports commits
   * with its links to them); answers the new advisory's id.
   */
  async createDraftIn(manager: EntityManager, author: Reader, content: AdvisoryContent): Promise<string> {
    const now = this.clock.now();
    if (!this.policy.canOnAdvisory(author, 'create', {})) {
      throw AdvisoryErrors.notAllowed(
        'Only members of the council author advisories: an active membership and a valid confidentiality pledge are needed',
      );
    }
    const normalised = { ...content, audience: normaliseAudience(content.audience) };
    await this.assertWritable(manager, normalised, null, author, now);
    const saved = await manager.save(
      manager.create(AdvisoryEntity, {
        ...contentColumns(normalised),
        status: AdvisoryStatus.DRAFT,
        originatorOrgId: author.organisation?.id ?? null,
        authorId: author.id,
        version: 1,
        updatedAt: now,
        sortAt: now,
      }),
    );
    await this.audit.append(manager, {
      actorId: author.id,
      action: 'advisory.created',
      subjectType: ADVISORY_SUBJECT,
      subjectId: saved.id,
      after: { status: saved.status, version: saved.version },
    });
    return saved.id;
  }

  /**
   * A DRAFT or REJECTED advisory is edited in place. A PUBLISHED one gets a new version at once when
   * the change does not widen it; a widening is refused here (it goes through a proposal and the
   * originator's consent), and a raised severity alerts again.
   */
  async update(editor: Reader, id: string, patch: AdvisoryContentPatch): Promise<AdvisoryView> {
    await this.decide(editor, id, 'edit', async (manager, advisory, now) => {
      const before = contentOf(advisory);
      const after = applyPatch(before, patch);
      await this.assertWritable(manager, after, before, editor, now);
      const fields = changedFields(before, after);
      if (fields.length === 0) return;
      const published = advisory.status === AdvisoryStatus.PUBLISHED;
      if (published) {
        const widenings = wideningOf(before, after);
        if (widenings.length > 0) throw AdvisoryErrors.wideningNeedsConsent(widenings);
      }
      const version = published ? advisory.version + 1 : advisory.version;
      await manager.update(
        AdvisoryEntity,
        { id: advisory.id },
        {
          ...contentColumns(after),
          version,
          updatedAt: now,
          sortAt: advisory.publishedAt ?? now,
        },
      );
      if (published) {
        await this.versions.record(manager, advisory.id, version, AdvisoryVersionChange.EDITED, after, editor.id);
        if (rank(SEVERITY_ORDER, after.severity) > rank(SEVERITY_ORDER, before.severity)) {
          await recordOutboxEvent(manager, 'advisory.updated', { id: advisory.id, version }, now);
        }
      }
      await this.audit.append(manager, {
        actorId: editor.id,
        action: 'advisory.edited',
        subjectType: ADVISORY_SUBJECT,
        subjectId: advisory.id,
        before: { status: advisory.status, version: advisory.version, severity: before.severity },
        after: { version, severity: after.severity, fields },
      });
    });
    return this.viewFor(editor, id);
  }

  async submit(author: Reader, id: string): Promise<AdvisoryView> {
    return this.transition(author, id, 'submit', 'advisory.submitted', (advisory, now) => ({
      status: AdvisoryStatus.PENDING_REVIEW,
      submittedAt: now,
      updatedAt: now,
      sortAt: advisory.publishedAt ?? now,
    }));
  }

  /** Four eyes and a moderator who may read the FULL view: both are the policy's `approve`. */
  async approve(moderator: Reader, id: string): Promise<AdvisoryView> {
    await this.decide(moderator, id, 'approve', async (manager, advisory, now) => {
      await manager.update(
        AdvisoryEntity,
        { id: advisory.id },
        {
          status: AdvisoryStatus.PUBLISHED,
          rejectionReason: null,
          publishedAt: now,
          updatedAt: now,
          sortAt: now,
        },
      );
      await this.versions.record(
        manager,
        advisory.id,
        advisory.version,
        AdvisoryVersionChange.PUBLISHED,
        contentOf(advisory),
        moderator.id,
      );
      await recordOutboxEvent(manager, 'advisory.published', advisory, now);
      await this.appendTransition(manager, moderator, advisory, 'advisory.approved', AdvisoryStatus.PUBLISHED);
    });
    return this.viewFor(moderator, id);
  }

  /** The reason goes back to the author (shown to the originator and the secretariat). */
  async reject(moderator: Reader, id: string, reason: string): Promise<AdvisoryView> {
    return this.transition(moderator, id, 'reject', 'advisory.rejected', (advisory, now) => ({
      status: AdvisoryStatus.REJECTED,
      rejectionReason: reason,
      updatedAt: now,
      sortAt: advisory.publishedAt ?? now,
    }));
  }

  async withdraw(actor: Reader, id: string, reason: string): Promise<AdvisoryView> {
    await this.decide(actor, id, 'withdraw', async (manager, advisory, now) => {
      await manager.update(
        AdvisoryEntity,
        { id: advisory.id },
        {
          status: AdvisoryStatus.WITHDRAWN,
          withdrawalReason: reason,
          withdrawnAt: now,
          updatedAt: now,
        },
      );
      await recordOutboxEvent(manager, 'advisory.withdrawn', advisory, now);
      await this.appendTransition(manager, actor, advisory, 'advisory.withdrawn', AdvisoryStatus.WITHDRAWN);
    });
    return this.viewFor(actor, id);
  }

  /**
   * Runs `work` on the advisory locked for this transaction, once the policy allows `action`. An
   * advisory the actor cannot see at all is NOT_FOUND exactly like an id that never existed.
   */
  async decide(
    actor: Reader,
    id: string,
    action: AdvisoryAction,
    work: (manager: EntityManager, advisory: AdvisoryEntity, now: Date) => Promise<void>,
  ): Promise<void> {
    const now = this.clock.now();
    await this.dataSource.transaction(async (manager) => {
      const advisory = await this.queries.lockVisible(manager, actor, id);
      if (!advisory) throw AdvisoryErrors.notFound();
      if (!this.policy.canOnAdvisory(actor, action, advisory)) {
        throw AdvisoryErrors.notAllowed(refusalMessage(action, advisory, actor.id, this.policy.facts(actor, now)));
      }
      await work(manager, advisory, now);
    });
  }

  /** ACCESS-POLICY.md's writing rules on the content as it would be, and the audience's references. */
  async assertWritable(
    manager: EntityManager,
    after: AdvisoryContent,
    before: AdvisoryContent | null,
    writer: Reader,
    now: Date,
  ): Promise<void> {
    const problems = [
      ...writingProblems(after, { writerCleared: this.policy.facts(writer, now).cleared, before }),
      ...(await unknownAudienceReferences(manager, after.audience)),
    ];
    if (problems.length > 0) throw AdvisoryErrors.invalid(problems);
  }

  /** The advisory as the actor sees it now that the change is committed. */
  async viewFor(actor: Reader, id: string): Promise<AdvisoryView> {
    const view = await this.queries.findVisible(actor, id);
    if (!view) throw AdvisoryErrors.notFound();
    return view;
  }

  private async transition(
    actor: Reader,
    id: string,
    action: AdvisoryAction,
    auditAction: string,
    columns: (advisory: AdvisoryEntity, now: Date) => Partial<AdvisoryEntity>,
  ): Promise<AdvisoryView> {
    await this.decide(actor, id, action, async (manager, advisory, now) => {
      const change = columns(advisory, now);
      await manager.update(AdvisoryEntity, { id: advisory.id }, change);
      await this.appendTransition(manager, actor, advisory, auditAction, change.status as AdvisoryStatus);
    });
    return this.viewFor(actor, id);
  }

  /** Decisions only: reasons and content stay out of a log that overseers read. */
  private async appendTransition(
    manager: EntityManager,
    actor: Reader,
    advisory: AdvisoryEntity,
    action: string,
    status: AdvisoryStatus,
  ): Promise<void> {
    await this.audit.append(manager, {
      actorId: actor.id,
      action,
      subjectType: ADVISORY_SUBJECT,
      subjectId: advisory.id,
      before: { status: advisory.status, version: advisory.version },
      after: { status, version: advisory.version },
    });
  }
}
