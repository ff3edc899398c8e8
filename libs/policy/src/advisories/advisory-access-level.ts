import { subject } from '@casl/ability';
import { AccessLevel } from '@app/platform/vocabulary';
import { ADVISORY, type AdvisoryAbility } from './advisory-ability';
import type { AdvisoryRecord } from './advisory-projection';

/**
 * The access level for other content of an advisory the reader already sees (a widening
 * proposal's preview, an earlier version): a view only when the reader may read that view both as
 * the advisory is now and in the other content (ACCESS-POLICY.md "Every other path"), so that no
 * surface gives more than `advisory(id)` gives at this moment. Null when the advisory does not
 * exist for the reader now.
 */
export function accessLevelOfOtherContent(ability: AdvisoryAbility, current: AdvisoryRecord, other: AdvisoryRecord): AccessLevel | null {
  const now = subject(ADVISORY, { ...current });
  const then = subject(ADVISORY, { ...other });
  if (ability.can('readFull', now) && ability.can('readFull', then)) return AccessLevel.FULL;
  if (ability.can('readTearLine', now) && ability.can('readTearLine', then)) return AccessLevel.TEAR_LINE;
  if (ability.can('readMetadata', now)) return AccessLevel.METADATA_ONLY;
  return null;
}
