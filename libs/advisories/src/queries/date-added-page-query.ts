import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';

/** As text with microseconds, so that a keyset position taken from it loses nothing. */
const dateAddedText = (instant: string) => `to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A keyset position in date-added order: the date added (microseconds, UTC text) and id of a row. */
export interface DateAddedPosition {
  dateAdded: string;
  id: string;
}

export interface DateAddedPageOptions {
  /**
   * Rows at or after this position. Inclusive on purpose: a consumer that emits several items per
   * row (STIX objects) may have stopped in the middle of the row at the position.
   */
  from?: DateAddedPosition | null;
  /** Only rows added strictly after this instant (RFC 3339 text or a Date). */
  addedAfter?: string | Date | null;
  /** Only rows added at or before this instant (versions still settling are left for later). */
  addedBefore?: Date | null;
  /**
   * When what the reader may read last changed without any advisory changing (accessChangedAt in
   * libs/policy/src/reader.ts); null where unknown. Must be the same for every page of a walk
   * through the collection within one request.
   */
  accessChangedAt?: Date | null;
  /** At most this many rows. */
  limit: number;
  /** Further conditions over `advisories a`, adding their parameters to `access.params`. */
  conditions?: (access: AdvisoryAccessSql) => string[];
}

export interface DateAddedPageQuery {
  sql: string;
  values: unknown[];
}

/**
 * The rows of a reader's machine feed (TAXII), OLDEST first by date added, then id: PUBLISHED and
 * WITHDRAWN advisories whose FULL or TEAR_LINE view the reader may read — the policy's WHERE clause,
 * nothing filtered afterwards. Read in this order, a row that is added or changes between two pages
 * moves behind the position already reached, so it is read later and nothing is skipped.
 *
 * A row's date added is when its current version became available TO THIS READER:
 * greatest(updated_at, R), R = accessChangedAt. An advisory the reader could not read before their
 * access grew (a clearance granted, a tier raised) did not change, yet it is new to them; dated R,
 * a poll with added_after before R brings it (and, harmlessly, re-sends what they already had).
 *
 * Two groups, in this order, each walking an index: the rows updated at or before R (all dated R;
 * by id, on the primary key), present only while R is after added_after and the position; then the
 * rows updated after R (dated updated_at; on the (updated_at, id) index, as before R existed). A
 * poller that is up to date (added_after ≥ R) reads the second group alone.
 */
export function buildDateAddedPageQuery(access: AdvisoryAccessSql, options: DateAddedPageOptions): DateAddedPageQuery {
  const { params } = access;
  const common = [access.readable, `a.status IN ('PUBLISHED', 'WITHDRAWN')`];
  common.push(...(options.conditions?.(access) ?? []).map((condition) => `(${condition})`));
  const limit = params.add(options.limit, 'integer');
  const from = options.from
    ? { dateAdded: params.add(options.from.dateAdded, 'timestamptz'), id: params.add(options.from.id, 'uuid') }
    : null;
  const addedAfter = options.addedAfter ? params.add(options.addedAfter, 'timestamptz') : null;
  const addedBefore = options.addedBefore ? params.add(options.addedBefore, 'timestamptz') : null;
  const changed = options.accessChangedAt ? params.add(options.accessChangedAt, 'timestamptz') : null;
  const select = (
    dateAdded: string,
  ) => `SELECT a.*, ${access.access} AS access, ${dateAdded} AS date_added, ${dateAddedText(dateAdded)} AS date_added_text
           FROM advisories a`;

  const later = [...common];
  if (from) later.push(`(a.updated_at, a.id) >= (${from.dateAdded}, ${from.id})`);
  const lowerBounds = [addedAfter, changed].filter((bound): bound is string => bound !== null);
  if (lowerBounds.length) later.push(`a.updated_at > ${lowerBounds.length === 1 ? lowerBounds[0] : `greatest(${lowerBounds.join(', ')})`}`);
  if (addedBefore) later.push(`a.updated_at <= ${addedBefore}`);
  const laterSql = `${select('a.updated_at')}
          WHERE ${later.join(' AND ')}
          ORDER BY a.updated_at ASC, a.id ASC
          LIMIT ${limit}`;
  if (changed === null) return { sql: laterSql, values: params.values };

  // Conditions on R alone are decided once per statement (a one-time filter), not per row.
  const atChange = [...common, `a.updated_at <= ${changed}`];
  if (addedAfter) atChange.push(`${changed} > ${addedAfter}`);
  if (addedBefore) atChange.push(`${changed} <= ${addedBefore}`);
  if (from) atChange.push(`(${changed} > ${from.dateAdded} OR (${changed} = ${from.dateAdded} AND a.id >= ${from.id}))`);
  const atChangeSql = `${select(changed)}
          WHERE ${atChange.join(' AND ')}
          ORDER BY a.id ASC
          LIMIT ${limit}`;
  const sql = `SELECT * FROM ((${atChangeSql}) UNION ALL (${laterSql})) page
        ORDER BY page.date_added ASC, page.id ASC
        LIMIT ${limit}`;
  return { sql, values: params.values };
}
