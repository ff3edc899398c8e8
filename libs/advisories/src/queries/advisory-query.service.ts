import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessLogService, type AccessLogRecord } from '@app/audit/access-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { AccessLevel, AdvisoryStatus, Classification } from '@app/platform/vocabulary';
import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';
import { projectAdvisory, type AdvisoryRecord, type AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlCondition, sqlExpression } from '@app/policy/sql/sql-condition';
import { AdvisoryEntity } from '../entities/advisory.entity';
import { advisoryFilterSql, type AdvisoryFilterCriteria } from './advisory-filter';
import { advisoryRowMapper } from './advisory-row';
import { decodeCursor, encodeCursor, isUuid } from './feed-cursor';
import { buildFeedPageQuery } from './feed-page-query';
import { buildDateAddedPageQuery, type DateAddedPageOptions } from './date-added-page-query';

/** An advisory view with the time its current version became available (microseconds, UTC text). */
export interface DateAddedRow {
  view: AdvisoryView;
  dateAdded: string;
}

export interface FeedPage {
  edges: Array<{ cursor: string; view: AdvisoryView }>;
  hasNextPage: boolean;
  endCursor: string | null;
  /** The reads of this page that were written to the access log (a repeat of the page must log them again). */
  loggedReads: AccessLogRecord[];
}

/** The id looked up when the one asked for is not even a UUID: the same query, the same timing. */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';
/** A row of `unnest(ids) WITH ORDINALITY`: position is a bigint, so text. */
interface WantedId {
  id: string;
  position: string;
}

const LOGGED_CLASSIFICATIONS: readonly Classification[] = [Classification.COUNCIL_CONFIDENTIAL, Classification.IESI];

/**
 * Every read of advisories on behalf of a person. Each query is one SQL statement whose WHERE
 * clause is the policy (PolicyService.advisoryAccessSql) — there is no other way in this codebase
 * to select advisories for a reader, and nothing is filtered after the fetch.
 */
@Injectable()
export class AdvisoryQueryService {
  private readonly toRecord: ReturnType<typeof advisoryRowMapper>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly accessLog: AccessLogService,
    private readonly clock: Clock,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  /** The advisory as this reader may see it, or null — for a missing id and a hidden one alike. */
  async findVisible(reader: Reader, id: string): Promise<AdvisoryView | null> {
    const [view] = await this.listVisible(reader, [id]);
    return view ?? null;
  }

  /**
   * Those of `ids` the reader may see, as they may see them, in the order of `ids` (a missing or
   * hidden one is left out): one statement whose WHERE clause is the policy.
   */
  async listVisible(reader: Reader, ids: readonly string[]): Promise<AdvisoryView[]> {
    if (ids.length === 0) return [];
    const now = this.clock.now();
    const access = this.policy.advisoryAccessSql(reader, 0, now);
    const wantedIds = ids.map((id) => (isUuid(id) ? id : NIL_UUID));
    // The ids with their positions: Kysely has no WITH ORDINALITY nor a column list for an alias.
    const wanted = sql<WantedId>`unnest(${wantedIds}::uuid[]) WITH ORDINALITY`.as<'wanted'>(sql`wanted(id, position)`);
    const rows = await typedSql(this.dataSource).rows(
      db
        .selectFrom(wanted)
        .innerJoin('advisories as a', 'a.id', 'wanted.id')
        .selectAll('a')
        .select(sqlExpression<AccessLevel>(access.access, access.params).as('access'))
        .where(sqlCondition(access.visible, access.params))
        .orderBy('wanted.position'),
    );
    const views = this.project(reader, rows, now);
    await this.recordFullReads(reader, views, now);
    return views;
  }

  /** One page of the reader's feed, newest first, after `after` (keyset: stable while new items arrive). */
  async page(reader: Reader, filter: AdvisoryFilterCriteria, first: number, after?: string | null): Promise<FeedPage> {
    const now = this.clock.now();
    const position = after ? decodeCursor(after) : null;
    const access = this.policy.advisoryAccessSql(reader, 0, now);
    const query = buildFeedPageQuery(access, filter, first, position);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(query.sql, query.values);
    const hasNextPage = rows.length > first;
    const pageRows = rows.slice(0, first);
    const views = this.project(reader, pageRows, now);
    const loggedReads = await this.recordFullReads(reader, views, now);
    const edges = views.map((view, index) => ({
      view,
      cursor: encodeCursor({ sortAt: String(pageRows[index].sort_at_text), id: view.id }),
    }));
    return { edges, hasNextPage, endCursor: edges.at(-1)?.cursor ?? null, loggedReads };
  }

  /**
   * The reader's readable (FULL or TEAR_LINE) published and withdrawn advisories, OLDEST first by
   * date added (when their current version became available to this reader: see
   * buildDateAddedPageQuery), from a keyset position: the TAXII collection. The policy is the
   * WHERE clause; `options.conditions` may only narrow it.
   */
  async pageByDateAdded(reader: Reader, options: DateAddedPageOptions): Promise<DateAddedRow[]> {
    const now = this.clock.now();
    const access = this.policy.advisoryAccessSql(reader, 0, now);
    const query = buildDateAddedPageQuery(access, options);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(query.sql, query.values);
    const views = this.project(reader, rows, now);
    // A withdrawn advisory is exported without content: only published ones are read in full.
    await this.recordFullReads(
      reader,
      views.filter((v) => v.status === AdvisoryStatus.PUBLISHED),
      now,
    );
    return views.map((view, index) => ({ view, dateAdded: String(rows[index].date_added_text) }));
  }

  /** How many advisories the reader may see under the filter (the same WHERE clause as the page). */
  async count(reader: Reader, filter: AdvisoryFilterCriteria): Promise<number> {
    const access = this.policy.advisoryAccessSql(reader);
    const conditions = [access.visible, ...advisoryFilterSql(filter, access)];
    const row = await typedSql(this.dataSource).first(
      db
        .selectFrom('advisories as a')
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .where(sqlCondition(conditions.join(' AND '), access.params)),
    );
    return Number(row?.count);
  }

  /** The stored advisory, if the reader may see it at any access level (for decisions and reports). */
  async findVisibleRecord(reader: Reader, id: string): Promise<AdvisoryRecord | null> {
    const access = this.policy.advisoryAccessSql(reader, 0, this.clock.now());
    const rows = await typedSql(this.dataSource).rows(this.visibleById(access, id));
    return rows.length ? this.toRecord(rows[0]) : null;
  }

  /**
   * Locks the advisory row for a decision inside `manager`'s transaction, but only if the reader
   * may see it at some access level; null otherwise (a decision-maker learns nothing of the rest).
   */
  async lockVisible(manager: EntityManager, reader: Reader, id: string): Promise<AdvisoryEntity | null> {
    const access = this.policy.advisoryAccessSql(reader, 0, this.clock.now());
    const rows = await typedSql(manager).rows(this.visibleById(access, id).forUpdate());
    if (rows.length === 0) return null;
    return manager.create(AdvisoryEntity, this.toRecord(rows[0]) as unknown as AdvisoryEntity);
  }

  /** The stored advisory `id` (any string: a malformed one finds nothing), if the policy shows it at all. */
  private visibleById(access: AdvisoryAccessSql, id: string) {
    return db
      .selectFrom('advisories as a')
      .selectAll('a')
      .where('a.id', '=', isUuid(id) ? id : NIL_UUID)
      .where(sqlCondition(access.visible, access.params));
  }

  private project(reader: Reader, rows: Array<Record<string, unknown>>, now: Date): AdvisoryView[] {
    if (rows.length === 0) return [];
    const ability = this.policy.advisoryAbility(reader, now);
    return rows.map((row) => projectAdvisory(this.toRecord(row), row.access as AccessLevel, ability));
  }

  /** ACCESS-POLICY.md: every read of a COUNCIL_CONFIDENTIAL or IESI view at FULL access is logged. */
  private async recordFullReads(reader: Reader, views: AdvisoryView[], now: Date): Promise<AccessLogRecord[]> {
    const reads = views
      .filter((v) => v.access === AccessLevel.FULL && v.title !== null && LOGGED_CLASSIFICATIONS.includes(v.classification))
      .map((v) => ({ personId: reader.id, advisoryId: v.id, advisoryVersion: v.version, classification: v.classification }));
    await this.accessLog.record(reads, now);
    return reads;
  }
}
