import { atLeast, SEVERITY_ORDER, type AdvisoryStatus, type Sector, type Severity } from '@app/platform/vocabulary';
import type { AdvisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';

export interface AdvisoryFilterCriteria {
  status?: AdvisoryStatus[] | null;
  minSeverity?: Severity | null;
  sectors?: Sector[] | null;
  publishedAfter?: Date | null;
  text?: string | null;
  /** Only rows with a readable view (FULL or TEAR_LINE), not the METADATA_ONLY routing view. */
  readableOnly?: boolean;
}

function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The reader's filters as SQL conditions over `advisories a`, ANDed with the policy's WHERE
 * clause. Text search looks only at the title and summary of the view the reader gets, and only
 * where its content is shown to them: a body, or a view they cannot read, is never searched.
 */
export function advisoryFilterSql(filter: AdvisoryFilterCriteria, access: AdvisoryAccessSql): string[] {
  const { params } = access;
  const conditions: string[] = [];
  if (filter.readableOnly) conditions.push(access.readable);
  if (filter.status?.length) conditions.push(`a.status = ANY(${params.add(filter.status, 'text[]')})`);
  if (filter.minSeverity) {
    conditions.push(`a.severity = ANY(${params.add(atLeast(SEVERITY_ORDER, filter.minSeverity), 'text[]')})`);
  }
  if (filter.sectors?.length) conditions.push(access.sectorFilter(filter.sectors));
  if (filter.publishedAfter) {
    conditions.push(`a.published_at > ${params.add(filter.publishedAfter, 'timestamptz')}`);
  }
  const text = filter.text?.trim();
  if (text) {
    const pattern = params.add(likePattern(text), 'text');
    conditions.push(
      `(${access.contentShown} AND (` +
        `(${access.full} AND (a.full_title || ' ' || a.full_summary) ILIKE ${pattern}) OR ` +
        `(NOT ${access.full} AND ${access.tearLine} AND ` +
        `(coalesce(a.tear_line_title, '') || ' ' || coalesce(a.tear_line_summary, '')) ILIKE ${pattern})))`,
    );
  }
  return conditions;
}
