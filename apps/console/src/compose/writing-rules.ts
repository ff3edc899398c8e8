import {
  CLASSIFICATIONS,
  TLPS,
  type Classification,
  type MembershipTier,
  type Person,
  type Sector,
  type Severity,
  type Tlp,
} from '../api/types';

/**
 * ACCESS-POLICY.md's writing rules and RUNNING.md's limits, checked as the author types. The API
 * checks the same rules again (libs/advisories/src/lifecycle/writing-rules.ts); this copy only
 * saves a round trip, it decides nothing.
 */
export const LIMITS = { title: 300, summary: 4_000, body: 100_000, item: 2_000, indicators: 500 } as const;

export interface ViewDraft {
  classification: Classification;
  tlp: Tlp;
  title: string;
  summary: string;
  recommendedActions: string[];
}

export interface AdvisoryDraft {
  severity: Severity;
  attributed: boolean;
  full: ViewDraft & { body: string; indicators: string[] };
  tearLine: (ViewDraft & { releaseToNonMemberLocalGovernments: boolean }) | null;
  audience: {
    tiers: MembershipTier[];
    sectors: Sector[];
    regions: string[];
    organisationIds: string[];
    personIds: string[];
    noForeign: boolean;
  };
}

/** A broken rule: the field (for aria-describedby) and a message key with its values. */
export interface Problem {
  field: string;
  key:
    | 'required'
    | 'tooLong'
    | 'tearLineClassificationAbove'
    | 'tearLineTlpAbove'
    | 'releaseOnlyUnclassifiedGreen'
    | 'redNeedsPeople'
    | 'amberStrictNeedsOrganisations'
    | 'iesiNeedsClearance'
    | 'tooManyIndicators'
    | 'notAnId';
  values?: Record<string, string | number>;
}

const length = (text: string) => [...text].length;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const valid = (iso: string | null | undefined) => !!iso && new Date(iso).getTime() > Date.now();

/** cleared(p) of ACCESS-POLICY.md, from what the API says about me. */
export function isCleared(person: Person): boolean {
  const c = person.clearance;
  if (c.level !== 'IESI' || c.suspended || !valid(c.expiresAt)) return false;
  return person.organisation === null || valid(person.organisation.facilityClearanceExpiresAt);
}

export function writingProblems(draft: AdvisoryDraft, author: Person): Problem[] {
  const problems: Problem[] = [];
  const text = (field: string, value: string, limit: number) => {
    if (!value.trim()) problems.push({ field, key: 'required' });
    else if (length(value) > limit) problems.push({ field, key: 'tooLong', values: { limit } });
  };
  const items = (field: string, values: string[]) =>
    values.forEach((value) => length(value) > LIMITS.item && problems.push({ field, key: 'tooLong', values: { limit: LIMITS.item } }));

  const { full, tearLine, audience } = draft;
  text('full.title', full.title, LIMITS.title);
  text('full.summary', full.summary, LIMITS.summary);
  if (length(full.body) > LIMITS.body) problems.push({ field: 'full.body', key: 'tooLong', values: { limit: LIMITS.body } });
  items('full.recommendedActions', full.recommendedActions);
  items('full.indicators', full.indicators);
  if (full.indicators.length > LIMITS.indicators)
    problems.push({ field: 'full.indicators', key: 'tooManyIndicators', values: { limit: LIMITS.indicators } });

  if (tearLine) {
    text('tearLine.title', tearLine.title, LIMITS.title);
    text('tearLine.summary', tearLine.summary, LIMITS.summary);
    items('tearLine.recommendedActions', tearLine.recommendedActions);
    if (CLASSIFICATIONS.indexOf(tearLine.classification) > CLASSIFICATIONS.indexOf(full.classification)) {
      problems.push({ field: 'tearLine.classification', key: 'tearLineClassificationAbove' });
    }
    if (TLPS.indexOf(tearLine.tlp) > TLPS.indexOf(full.tlp)) problems.push({ field: 'tearLine.tlp', key: 'tearLineTlpAbove' });
    if (
      tearLine.releaseToNonMemberLocalGovernments &&
      (tearLine.classification !== 'UNCLASSIFIED' || TLPS.indexOf(tearLine.tlp) > TLPS.indexOf('GREEN'))
    ) {
      problems.push({ field: 'tearLine.releaseToNonMemberLocalGovernments', key: 'releaseOnlyUnclassifiedGreen' });
    }
  }
  const tlps = [full.tlp, ...(tearLine ? [tearLine.tlp] : [])];
  if (tlps.includes('RED') && audience.personIds.length === 0) problems.push({ field: 'audience.personIds', key: 'redNeedsPeople' });
  if (tlps.includes('AMBER_STRICT') && audience.organisationIds.length === 0) {
    problems.push({ field: 'audience.organisationIds', key: 'amberStrictNeedsOrganisations' });
  }
  if (!isCleared(author)) {
    if (full.classification === 'IESI') problems.push({ field: 'full.classification', key: 'iesiNeedsClearance' });
    if (tearLine?.classification === 'IESI') problems.push({ field: 'tearLine.classification', key: 'iesiNeedsClearance' });
  }
  for (const [field, ids] of [
    ['audience.organisationIds', audience.organisationIds],
    ['audience.personIds', audience.personIds],
  ] as const) {
    if (ids.some((id) => !UUID.test(id))) problems.push({ field, key: 'notAnId' });
  }
  return problems;
}

/** The CreateAdvisoryInput the API expects. */
export function toCreateInput(draft: AdvisoryDraft) {
  const { full, tearLine } = draft;
  return {
    severity: draft.severity,
    attributed: draft.attributed,
    full: { ...full, body: full.body.trim() ? full.body : null },
    tearLine: tearLine ?? undefined,
    audience: draft.audience,
  };
}
