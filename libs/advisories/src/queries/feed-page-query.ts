import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';
import { advisoryFilterSql, type AdvisoryFilterCriteria } from './advisory-filter';
import type { FeedPosition } from './feed-cursor';

/** The feed's sort time as text with microseconds, for the cursor (timestamptz loses nothing). */
export const SORT_AT_TEXT = `to_char(a.sort_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

export interface FeedPageQuery {
  sql: string;
  /** The positional parameters: the access SQL's own, then the filter's, position's and limit's. */
  values: unknown[];
}

/**
 * The SQL of one page of a reader's feed: the policy as its WHERE clause, the reader's filters,
 * keyset pagination after `after`, newest first, one row more than `first` (to tell whether a next
 * page exists). Pure: AdvisoryQueryService runs it, and so does the feed benchmark
 * (scripts/bench/feed.ts), so that the benchmark measures exactly the query the platform runs.
 * Adds its parameters to `access.params`.
 */
export function buildFeedPageQuery(
  access: AdvisoryAccessSql,
  filter: AdvisoryFilterCriteria,
  first: number,
  after: FeedPosition | null,
): FeedPageQuery {
  const conditions = [access.visible, ...advisoryFilterSql(filter, access)];
  if (after) {
    conditions.push(`(a.sort_at, a.id) < (${access.params.add(after.sortAt, 'timestamptz')}, ${access.params.add(after.id, 'uuid')})`);
  }
  const limit = access.params.add(first + 1, 'integer');
  const sql = `SELECT a.*, ${access.access} AS access, ${SORT_AT_TEXT} AS sort_at_text
         FROM advisories a
        WHERE ${conditions.join(' AND ')}
        ORDER BY a.sort_at DESC, a.id DESC
        LIMIT ${limit}`;
  return { sql, values: access.params.values };
}
