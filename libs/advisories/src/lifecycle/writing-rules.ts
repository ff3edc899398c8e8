import { isRegionCode } from '@app/membership/regions/japan-regions';
import { Classification, CLASSIFICATION_ORDER, MEMBER_TIERS, rank, Tlp, TLP_ORDER } from '@app/platform/vocabulary';
import type { AdvisoryContent, FullViewContent, TearLineContent } from './advisory-content';
import { ADVISORY_LIMITS, characterCount } from './advisory-limits';

/** One broken rule: the input field it concerns and what is wrong, in words a client can act on. */
export interface WritingProblem {
  field: string;
  problem: string;
}

export interface WritingContext {
  /** cleared(writer) of ACCESS-POLICY.md, now. */
  writerCleared: boolean;
  /** The content before this write; null when the advisory is being created. */
  before: AdvisoryContent | null;
}

/**
 * ACCESS-POLICY.md "Writing rules" and RUNNING.md's limits, over the content as it would be after
 * the write. Pure: whether referenced organisations and people exist is the service's question.
 */
export function writingProblems(content: AdvisoryContent, context: WritingContext): WritingProblem[] {
  const problems: WritingProblem[] = [];
  const report = (field: string, problem: string) => problems.push({ field, problem });
  const { full, tearLine, audience } = content;

  checkText(report, 'full', full);
  checkItems(report, 'full.recommendedActions', full.recommendedActions);
  checkItems(report, 'full.indicators', full.indicators);
  if (full.indicators.length > ADVISORY_LIMITS.indicators) {
    report('full.indicators', `at most ${ADVISORY_LIMITS.indicators} indicators (got ${full.indicators.length})`);
  }
  if (full.body !== null && characterCount(full.body) > ADVISORY_LIMITS.body) {
    report('full.body', `at most ${ADVISORY_LIMITS.body} characters`);
  }

  if (tearLine) {
    checkText(report, 'tearLine', tearLine);
    checkItems(report, 'tearLine.recommendedActions', tearLine.recommendedActions);
    if (rank(CLASSIFICATION_ORDER, tearLine.classification) > rank(CLASSIFICATION_ORDER, full.classification)) {
      report(
        'tearLine.classification',
        `${tearLine.classification} is above the FULL view's ${full.classification}: a tear line is the releasable part, never above the full view`,
      );
    }
    if (rank(TLP_ORDER, tearLine.tlp) > rank(TLP_ORDER, full.tlp)) {
      report(
        'tearLine.tlp',
        `${tearLine.tlp} is above the FULL view's ${full.tlp}: a tear line is never more restricted than the full view`,
      );
    }
    if (
      tearLine.releaseToNonMemberLocalGovernments &&
      (tearLine.classification !== Classification.UNCLASSIFIED || rank(TLP_ORDER, tearLine.tlp) > rank(TLP_ORDER, Tlp.GREEN))
    ) {
      report(
        'tearLine.releaseToNonMemberLocalGovernments',
        'only an UNCLASSIFIED tear line at TLP CLEAR or GREEN may be released to non-member local governments',
      );
    }
  }

  const tlps = [full.tlp, ...(tearLine ? [tearLine.tlp] : [])];
  if (tlps.includes(Tlp.RED) && audience.personIds.length === 0) {
    report('audience.personIds', 'TLP RED needs the named people it is for (audience.personIds)');
  }
  if (tlps.includes(Tlp.AMBER_STRICT) && audience.organisationIds.length === 0) {
    report('audience.organisationIds', 'TLP AMBER_STRICT needs the named organisations it is for (audience.organisationIds)');
  }

  if (!context.writerCleared) {
    if (givesIesi(full, context.before?.full ?? null)) {
      report('full.classification', 'only a person with a valid IESI clearance may write an IESI view');
    }
    if (tearLine && givesIesi(tearLine, context.before?.tearLine ?? null)) {
      report('tearLine.classification', 'only a person with a valid IESI clearance may write an IESI view');
    }
  }

  for (const tier of audience.tiers) {
    if (!MEMBER_TIERS.includes(tier)) {
      report('audience.tiers', `${tier} is not a membership tier an audience can name (CLASS_1, CLASS_2, GENERAL)`);
    }
  }
  for (const code of audience.regions) {
    if (!isRegionCode(code)) {
      report('audience.regions', `"${code}" is neither a prefecture code ("01".."47") nor a known 5-digit municipality code`);
    }
  }
  return problems;
}

/**
 * Whether this write puts IESI content into a view: a new IESI view, a view raised to IESI, or new
 * text in an IESI view. Leaving an IESI view untouched (say, narrowing the audience of an IESI
 * advisory) writes no IESI content.
 */
function givesIesi(view: FullViewContent | TearLineContent, before: FullViewContent | TearLineContent | null): boolean {
  if (view.classification !== Classification.IESI) return false;
  return before === null || JSON.stringify(view) !== JSON.stringify(before);
}

type Report = (field: string, problem: string) => void;

function checkText(report: Report, view: string, content: { title: string; summary: string }): void {
  for (const [field, limit] of [
    ['title', ADVISORY_LIMITS.title],
    ['summary', ADVISORY_LIMITS.summary],
  ] as const) {
    const text = content[field];
    if (text.trim().length === 0) report(`${view}.${field}`, 'must not be empty');
    else if (characterCount(text) > limit) report(`${view}.${field}`, `at most ${limit} characters`);
  }
}

function checkItems(report: Report, field: string, items: readonly string[]): void {
  items.forEach((item, index) => {
    if (item.trim().length === 0) report(`${field}[${index}]`, 'must not be empty');
    else if (characterCount(item) > ADVISORY_LIMITS.item) report(`${field}[${index}]`, `at most ${ADVISORY_LIMITS.item} characters`);
  });
}
