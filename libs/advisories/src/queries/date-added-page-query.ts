import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';

/**
 * When this version of an advisory became available: `updated_at`, which the lifecycle sets on
 * every change that makes a new version or a new status (publication, edit, withdrawal, widening).
 * As text with microseconds, so that a keyset position taken from it loses nothing.
 */
export const DATE_ADDED_TEXT = `to_char(a.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

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
 */
export function buildDateAddedPageQuery(access: AdvisoryAccessSql, options: DateAddedPageOptions): DateAddedPageQuery {
  const { params } = access;
  const conditions = [access.readable, `a.status IN ('PUBLISHED', 'WITHDRAWN')`];
  if (options.from) {
    conditions.push(
      `(a.updated_at, a.id) >= (${params.add(options.from.dateAdded, 'timestamptz')}, ${params.add(options.from.id, 'uuid')})`,
    );
  }
  if (options.addedAfter) conditions.push(`a.updated_at > ${params.add(options.addedAfter, 'timestamptz')}`);
  if (options.addedBefore) conditions.push(`a.updated_at <= ${params.add(options.addedBefore, 'timestamptz')}`);
  conditions.push(...(options.conditions?.(access) ?? []).map((condition) => `(${condition})`));
  const limit = params.add(options.limit, 'integer');
  const sql = `SELECT a.*, ${access.access} AS access, ${DATE_ADDED_TEXT} AS date_added_text
         FROM advisories a
        WHERE ${conditions.join(' AND ')}
        ORDER BY a.updated_at ASC, a.id ASC
        LIMIT ${limit}`;
  return { sql, values: params.values };
}
