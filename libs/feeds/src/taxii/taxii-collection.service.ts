import { Inject, Injectable } from '@nestjs/common';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import type { DateAddedPosition } from '@app/advisories/queries/date-added-page-query';
import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';
import { Clock } from '@app/platform/clock/clock';
import { accessChangedAt, type Reader } from '@app/policy/reader';
import { advisoryViewToStix } from '../stix/export/advisory-to-stix';
import { councilReferenceObjects } from '../stix/export/stix-bundle';
import { uuidOfStixId, uuidV3Sql } from '../stix/export/stix-object-ids';
import { stixVersion, type StixObject } from '../stix/export/stix-objects';
import { encodeNextToken, WHOLE_ROW, type TaxiiPosition } from './taxii-next-token';
import type { TaxiiObjectQuery } from './taxii-object-query';
import { TAXII_SETTINGS, type TaxiiSettings } from './taxii-settings';

/** One object of the collection, with when its version became available there. */
export interface TaxiiEntry {
  object: StixObject;
  /** When this version became available to the reader (see buildDateAddedPageQuery); RFC 3339, microseconds. */
  dateAdded: string;
  version: string;
}

export interface TaxiiPage {
  entries: TaxiiEntry[];
  more: boolean;
  next: string | null;
}

/** A row of the collection: the objects one advisory view exports, or the council's own objects. */
interface CollectionRow {
  dateAdded: string;
  id: string;
  objects: StixObject[];
}

/**
 * The council's own objects (identity, marking definitions) are in the collection too, so that a
 * client can resolve every reference; they were added when the council's STIX export began.
 */
const REFERENCE_ROW_KEY: DateAddedPosition = { dateAdded: '2025-05-16T00:00:00.000000Z', id: '00000000-0000-0000-0000-000000000000' };
/** Rounds of reading before a selective filter answers with what it has (and a `next`). */
const MAX_ROUNDS = 10;

function compareKeys(a: DateAddedPosition, b: DateAddedPosition): number {
  if (a.dateAdded !== b.dateAdded) return a.dateAdded < b.dateAdded ? -1 : 1;
  return a.id === b.id ? 0 : a.id < b.id ? -1 : 1;
}

function sqlText(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/**
 * The read-only "advisories" collection of the council's TAXII server, for one reader: every
 * advisory view the reader may read (FULL or TEAR_LINE), as STIX objects, in date-added order.
 * Reads only through AdvisoryQueryService.pageByDateAdded, whose WHERE clause is the policy; the
 * TAXII filters only narrow it (and ids are matched in SQL too, so a page never ends early).
 */
@Injectable()
export class TaxiiCollectionService {
  constructor(
    private readonly advisories: AdvisoryQueryService,
    private readonly clock: Clock,
    @Inject(TAXII_SETTINGS) private readonly settings: TaxiiSettings,
  ) {}

  async page(reader: Reader, query: TaxiiObjectQuery): Promise<TaxiiPage> {
    const entries: TaxiiEntry[] = [];
    const empty = { entries, more: false, next: null };
    if (!query.specVersionServed) return empty;
    const matches = (object: StixObject): boolean =>
      (query.types === null || query.types.has(object.type)) &&
      (query.ids === null || query.ids.includes(object.id)) &&
      (query.versions === null || query.versions.includes(Date.parse(stixVersion(object))));
    const advisoryConditions = this.advisoryConditions(query);

    let from: TaxiiPosition | null = query.next;
    let referencePending =
      (from === null || compareKeys(REFERENCE_ROW_KEY, from) >= 0) &&
      (query.addedAfter === null || Date.parse(REFERENCE_ROW_KEY.dateAdded) > Date.parse(query.addedAfter));
    const batch = query.limit + 1;
    const now = this.clock.now();
    const addedBefore = new Date(now.getTime() - this.settings.settleMilliseconds);
    // Once per request: every round of this page must order the rows the same way.
    const changed = accessChangedAt(reader, now);
    let last: TaxiiPosition | null = null;

    for (let round = 0; round < MAX_ROUNDS; round += 1) {
      const rows: CollectionRow[] =
        advisoryConditions === null
          ? []
          : (
              await this.advisories.pageByDateAdded(reader, {
                from,
                addedAfter: query.addedAfter,
                addedBefore,
                accessChangedAt: changed,
                limit: batch,
                conditions: advisoryConditions,
              })
            ).map(({ view, dateAdded }) => ({ dateAdded, id: view.id, objects: advisoryViewToStix(view) }));
      const exhausted = rows.length < batch;
      const lastRow = rows.at(-1);
      if (referencePending && (exhausted || (lastRow && compareKeys(REFERENCE_ROW_KEY, lastRow) <= 0))) {
        const at = rows.findIndex((row) => compareKeys(REFERENCE_ROW_KEY, row) < 0);
        rows.splice(at < 0 ? rows.length : at, 0, { ...REFERENCE_ROW_KEY, objects: councilReferenceObjects() });
        referencePending = false;
      }
      for (const row of rows) {
        const resumeAfter = from && compareKeys(row, from) === 0 ? from.index : -1;
        for (let index = resumeAfter + 1; index < row.objects.length; index += 1) {
          const object = row.objects[index];
          if (!matches(object)) continue;
          if (entries.length === query.limit) {
            return { entries, more: true, next: last && encodeNextToken(last) };
          }
          entries.push({ object, dateAdded: row.dateAdded, version: stixVersion(object) });
          last = { dateAdded: row.dateAdded, id: row.id, index };
        }
      }
      if (exhausted || !lastRow) return { entries, more: false, next: null };
      from = { dateAdded: lastRow.dateAdded, id: lastRow.id, index: WHOLE_ROW };
    }
    // A very selective filter: answer with what was found, and where to go on from.
    return { entries, more: true, next: encodeNextToken(from as TaxiiPosition) };
  }

  /**
   * SQL conditions narrowing the advisories to those that can yield a wanted object; null when no
   * advisory can (only the council's own objects are asked for).
   */
  private advisoryConditions(query: TaxiiObjectQuery): ((access: AdvisoryAccessSql) => string[]) | null {
    const types = query.types;
    const wantsReports = types === null || types.has('report');
    const wantsIndicators = types === null || types.has('indicator');
    if (!wantsReports && !wantsIndicators) return null;
    const ids = query.ids;
    const reportUuids = ids?.map((id) => uuidOfStixId(id, 'report')).filter((u): u is string => u !== null) ?? [];
    const indicatorUuids = ids?.map((id) => uuidOfStixId(id, 'indicator')).filter((u): u is string => u !== null) ?? [];
    if (ids !== null && reportUuids.length === 0 && indicatorUuids.length === 0) return null;
    return (access) => {
      const { params } = access;
      const indicatorsOnly = `a.status = 'PUBLISHED' AND ${access.full} AND cardinality(a.full_indicators) > 0`;
      const conditions: string[] = [];
      if (!wantsReports) conditions.push(indicatorsOnly);
      if (ids !== null) {
        const alternatives: string[] = [];
        if (wantsReports && reportUuids.length) {
          const name = `${sqlText('report:')} || a.id::text || ':' || ${access.access}`;
          alternatives.push(`${uuidV3Sql(name)} = ANY(${params.add(reportUuids, 'uuid[]')})`);
        }
        if (wantsIndicators && indicatorUuids.length) {
          const name = `${sqlText('indicator:')} || a.id::text || ':' || i.value`;
          alternatives.push(
            `(${indicatorsOnly} AND EXISTS (SELECT 1 FROM unnest(a.full_indicators) AS i(value) ` +
              `WHERE ${uuidV3Sql(name)} = ANY(${params.add(indicatorUuids, 'uuid[]')})))`,
          );
        }
        conditions.push(alternatives.length ? alternatives.join(' OR ') : 'FALSE');
      }
      return conditions;
    };
  }
}
