import { CLASSIFICATION_ORDER, MEMBER_TIERS, rank, TLP_ORDER, Classification, type Tlp } from '@app/platform/vocabulary';
import type { AdvisoryContent, AudienceContent } from './advisory-content';

/** One way in which a change lets more people read more. */
export interface Widening {
  field: string;
  change: string;
}

/**
 * Whether going from `before` to `after` widens a published advisory (ACCESS-POLICY.md: "fewer
 * restrictions of any kind, or a lower classification or TLP"), and how. Empty: the change only
 * narrows or keeps the audience, and the originator may make it at once. Anything else needs the
 * originator organisation's consent to a secretariat proposal.
 *
 * Deliberately judged restriction by restriction, not by who would read it today: a list that
 * admits nobody new now may admit someone who joins tomorrow.
 */
export function wideningOf(before: AdvisoryContent, after: AdvisoryContent): Widening[] {
  const found: Widening[] = [];
  const widen = (field: string, change: string) => found.push({ field, change });

  lowered(widen, 'full', before.full, after.full);

  if (after.tearLine) {
    if (!before.tearLine) {
      widen('tearLine', 'adds a tear line (a second, releasable view)');
    } else {
      lowered(widen, 'tearLine', before.tearLine, after.tearLine);
      if (after.tearLine.releaseToNonMemberLocalGovernments && !before.tearLine.releaseToNonMemberLocalGovernments) {
        widen('tearLine.releaseToNonMemberLocalGovernments', 'releases the tear line to non-member local governments');
      }
    }
  }

  const a = before.audience;
  const b = after.audience;
  listWidening(widen, 'audience.tiers', effectiveTiers(a), effectiveTiers(b), (t, set) => set.includes(t));
  listWidening(widen, 'audience.sectors', a.sectors, b.sectors, (s, set) => set.includes(s));
  listWidening(widen, 'audience.regions', a.regions, b.regions, regionCovered);
  listWidening(widen, 'audience.organisationIds', a.organisationIds, b.organisationIds, (id, set) => set.includes(id));
  listWidening(widen, 'audience.personIds', a.personIds, b.personIds, (id, set) => set.includes(id));
  if (a.noForeign && !b.noForeign) widen('audience.noForeign', 'drops the no-foreign caveat');
  return found;
}

type Widen = (field: string, change: string) => void;

function lowered(
  widen: Widen,
  view: string,
  before: { classification: Classification; tlp: Tlp },
  after: { classification: Classification; tlp: Tlp },
): void {
  if (rank(CLASSIFICATION_ORDER, after.classification) < rank(CLASSIFICATION_ORDER, before.classification)) {
    widen(`${view}.classification`, `lowers the classification from ${before.classification} to ${after.classification}`);
  }
  if (rank(TLP_ORDER, after.tlp) < rank(TLP_ORDER, before.tlp)) {
    widen(`${view}.tlp`, `lowers the TLP from ${before.tlp} to ${after.tlp}`);
  }
}

/** An empty list restricts nothing; a non-empty one admits only what it covers. */
function listWidening<T extends string>(
  widen: Widen,
  field: string,
  before: readonly T[],
  after: readonly T[],
  covered: (value: T, list: readonly T[]) => boolean,
): void {
  if (before.length === 0) return;
  if (after.length === 0) {
    widen(field, 'removes the restriction');
    return;
  }
  const added = after.filter((value) => !covered(value, before));
  if (added.length > 0) widen(field, `adds ${added.join(', ')}`);
}

/** audience.tiers empty means all three member tiers; naming all three is the same audience. */
function effectiveTiers(audience: AudienceContent): string[] {
  return audience.tiers.length === MEMBER_TIERS.length && MEMBER_TIERS.every((t) => audience.tiers.includes(t)) ? [] : audience.tiers;
}

/**
 * A municipality is within a listed prefecture: everyone inRegion() admits for "13101" (that
 * municipality's organisations, the prefectural government of 13) is admitted by "13" already.
 */
function regionCovered(code: string, list: readonly string[]): boolean {
  return list.includes(code) || (code.length === 5 && list.includes(code.slice(0, 2)));
}

/**
 * The classifications content is lowered from by going from `before` to `after`: a view whose
 * classification drops, and a tear line added below the FULL view's classification (a new,
 * lower view of that content). Who may declassify from each is the policy's to say.
 */
export function classificationsLoweredFrom(before: AdvisoryContent, after: AdvisoryContent): Classification[] {
  const from = new Set<Classification>();
  const below = (a: Classification, b: Classification) => rank(CLASSIFICATION_ORDER, a) < rank(CLASSIFICATION_ORDER, b);
  if (below(after.full.classification, before.full.classification)) from.add(before.full.classification);
  if (after.tearLine) {
    const previous = before.tearLine?.classification ?? before.full.classification;
    if (below(after.tearLine.classification, previous)) from.add(previous);
  }
  return CLASSIFICATION_ORDER.filter((level) => level !== Classification.UNCLASSIFIED && from.has(level));
}
