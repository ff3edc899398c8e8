import type { AccessLogRecord } from '@app/audit/access-log.service';
import { AccessLevel, Classification } from '@app/platform/vocabulary';
import type { AdvisoryAbility } from '@app/policy/advisories/advisory-ability';
import { accessLevelOfOtherContent } from '@app/policy/advisories/advisory-access-level';
import { projectAdvisory, type AdvisoryRecord, type AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { AdvisoryEntity } from '../entities/advisory.entity';
import { contentColumns, type AdvisoryContent } from './advisory-content';

/**
 * An advisory with other content than its current row (an earlier version, a proposed widening),
 * as this reader may see it: the policy decides the access level (a view only when the reader may
 * read it now and in that content), the policy's projection decides the fields. Only for advisories
 * the reader already sees.
 */
export function projectContent(
  ability: AdvisoryAbility,
  advisory: AdvisoryEntity,
  content: AdvisoryContent,
  overrides: Partial<AdvisoryRecord> = {},
): AdvisoryView {
  const record: AdvisoryRecord = { ...advisory, ...contentColumns(content), ...overrides };
  const access = accessLevelOfOtherContent(ability, advisory, record);
  if (access === null) {
    // Callers hold a readMetadata-or-better advisory; other content cannot make it disappear.
    throw new Error(`advisory ${advisory.id}: projecting content for a reader who cannot see it`);
  }
  return projectAdvisory(record, access, ability);
}

const LOGGED: readonly Classification[] = [Classification.COUNCIL_CONFIDENTIAL, Classification.IESI];

/** ACCESS-POLICY.md: reads of COUNCIL_CONFIDENTIAL and IESI views at FULL access go to the access log. */
export function confidentialFullReads(readerId: string, views: readonly AdvisoryView[]): AccessLogRecord[] {
  return views
    .filter((v) => v.access === AccessLevel.FULL && v.title !== null && LOGGED.includes(v.classification))
    .map((v) => ({ personId: readerId, advisoryId: v.id, advisoryVersion: v.version, classification: v.classification }));
}
