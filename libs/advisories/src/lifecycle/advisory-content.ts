import type { Classification, MembershipTier, Sector, Severity, Tlp } from '@app/platform/vocabulary';
import type { AdvisoryEntity } from '../entities/advisory.entity';

/**
 * What an originator writes: the two views, the audience, severity and attribution. The lifecycle,
 * the writing rules, the widening decision and the version snapshots all speak this one shape, so
 * that the entity's column layout stays a storage detail.
 */
export interface FullViewContent {
  classification: Classification;
  tlp: Tlp;
  title: string;
  summary: string;
  body: string | null;
  recommendedActions: string[];
  indicators: string[];
}

export interface TearLineContent {
  classification: Classification;
  tlp: Tlp;
  title: string;
  summary: string;
  recommendedActions: string[];
  releaseToNonMemberLocalGovernments: boolean;
}

export interface AudienceContent {
  tiers: MembershipTier[];
  sectors: Sector[];
  regions: string[];
  organisationIds: string[];
  personIds: string[];
  noForeign: boolean;
}

export interface AdvisoryContent {
  severity: Severity;
  attributed: boolean;
  full: FullViewContent;
  tearLine: TearLineContent | null;
  audience: AudienceContent;
}

/**
 * A change to content: a view given replaces that view whole; `tearLine: null` removes the tear
 * line; each audience list given replaces that list, one left out stays as it was.
 */
export interface AdvisoryContentPatch {
  severity?: Severity;
  attributed?: boolean;
  full?: FullViewContent;
  tearLine?: TearLineContent | null;
  audience?: Partial<AudienceContent>;
}

export const EMPTY_AUDIENCE: AudienceContent = {
  tiers: [],
  sectors: [],
  regions: [],
  organisationIds: [],
  personIds: [],
  noForeign: false,
};

const distinct = <T>(values: readonly T[]): T[] => [...new Set(values)];
const asSet = <T extends string>(values: readonly T[]): T[] => distinct(values).sort();

/**
 * Lists in an audience are sets: duplicates and order carry no meaning, and would make an
 * unchanged audience look edited (a new version) or a narrowing look like a change.
 */
export function normaliseAudience(audience: AudienceContent): AudienceContent {
  return {
    tiers: asSet(audience.tiers),
    sectors: asSet(audience.sectors),
    regions: asSet(audience.regions),
    organisationIds: asSet(audience.organisationIds.map((id) => id.toLowerCase())),
    personIds: asSet(audience.personIds.map((id) => id.toLowerCase())),
    noForeign: audience.noForeign,
  };
}

export function applyPatch(content: AdvisoryContent, patch: AdvisoryContentPatch): AdvisoryContent {
  return {
    severity: patch.severity ?? content.severity,
    attributed: patch.attributed ?? content.attributed,
    full: patch.full ?? content.full,
    tearLine: patch.tearLine === undefined ? content.tearLine : patch.tearLine,
    audience: normaliseAudience({ ...content.audience, ...definedOnly(patch.audience ?? {}) }),
  };
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined && v !== null)) as Partial<T>;
}

export function contentOf(advisory: AdvisoryEntity): AdvisoryContent {
  return {
    severity: advisory.severity,
    attributed: advisory.attributed,
    full: {
      classification: advisory.fullClassification,
      tlp: advisory.fullTlp,
      title: advisory.fullTitle,
      summary: advisory.fullSummary,
      body: advisory.fullBody,
      recommendedActions: advisory.fullRecommendedActions,
      indicators: advisory.fullIndicators,
    },
    tearLine: advisory.hasTearLine
      ? {
          classification: advisory.tearLineClassification as Classification,
          tlp: advisory.tearLineTlp as Tlp,
          title: advisory.tearLineTitle as string,
          summary: advisory.tearLineSummary as string,
          recommendedActions: advisory.tearLineRecommendedActions ?? [],
          releaseToNonMemberLocalGovernments: advisory.tearLineReleaseToNonMemberLocalGovernments,
        }
      : null,
    audience: normaliseAudience({
      tiers: advisory.audienceTiers,
      sectors: advisory.audienceSectors,
      regions: advisory.audienceRegions,
      organisationIds: advisory.audienceOrganisationIds,
      personIds: advisory.audiencePersonIds,
      noForeign: advisory.audienceNoForeign,
    }),
  };
}

/**
 * The entity columns that hold `content`, including the derived audience_municipality_prefectures
 * (a prefectural government sees what is aimed at its municipalities; the policy's SQL needs it as
 * a column to use an index).
 */
export function contentColumns(content: AdvisoryContent): Partial<AdvisoryEntity> {
  const { full, tearLine, audience } = content;
  return {
    severity: content.severity,
    attributed: content.attributed,
    fullClassification: full.classification,
    fullTlp: full.tlp,
    fullTitle: full.title,
    fullSummary: full.summary,
    fullBody: full.body,
    fullRecommendedActions: full.recommendedActions,
    fullIndicators: full.indicators,
    hasTearLine: tearLine !== null,
    tearLineClassification: tearLine?.classification ?? null,
    tearLineTlp: tearLine?.tlp ?? null,
    tearLineTitle: tearLine?.title ?? null,
    tearLineSummary: tearLine?.summary ?? null,
    tearLineRecommendedActions: tearLine ? tearLine.recommendedActions : null,
    tearLineReleaseToNonMemberLocalGovernments: tearLine?.releaseToNonMemberLocalGovernments ?? false,
    audienceTiers: audience.tiers,
    audienceSectors: audience.sectors,
    audienceRegions: audience.regions,
    audienceMunicipalityPrefectures: municipalityPrefectures(audience.regions),
    audienceOrganisationIds: audience.organisationIds,
    audiencePersonIds: audience.personIds,
    audienceNoForeign: audience.noForeign,
  };
}

/** The distinct prefectures (first two digits) of the 5-digit municipality codes among `regions`. */
export function municipalityPrefectures(regions: readonly string[]): string[] {
  return distinct(regions.filter((code) => code.length === 5).map((code) => code.slice(0, 2)));
}

/** Which parts differ, as dotted field names: for the audit log, which must not carry content. */
export function changedFields(before: AdvisoryContent, after: AdvisoryContent): string[] {
  const changed: string[] = [];
  const compare = (prefix: string, a: unknown, b: unknown) => {
    if (isPlainObject(a) && isPlainObject(b)) {
      for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) compare(`${prefix}${key}.`, a[key], b[key]);
    } else if (JSON.stringify(a) !== JSON.stringify(b)) {
      changed.push(prefix.slice(0, -1));
    }
  };
  compare('', before, after);
  return changed;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
