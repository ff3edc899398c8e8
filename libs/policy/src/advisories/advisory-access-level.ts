import { subject } from '@casl/ability';
import { AccessLevel } from '@app/platform/vocabulary';
import { ADVISORY, type AdvisoryAbility } from './advisory-ability';
import type { AdvisoryRecord } from './advisory-projection';

/**
 * The access level the feed's SQL CASE would give this reader for one record, decided in memory
 * with the same ability; null when the record would not exist for them. For records that are not
 * rows of `advisories` (an earlier version, a proposed widening) and so cannot go through the
 * page query; never for filtering a list.
 */
export function accessLevelOf(ability: AdvisoryAbility, record: AdvisoryRecord): AccessLevel | null {
  const asSubject = subject(ADVISORY, { ...record });
  if (ability.can('readFull', asSubject)) return AccessLevel.FULL;
  if (ability.can('readTearLine', asSubject)) return AccessLevel.TEAR_LINE;
  if (ability.can('readMetadata', asSubject)) return AccessLevel.METADATA_ONLY;
  return null;
}
