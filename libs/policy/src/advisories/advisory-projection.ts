import { subject } from '@casl/ability';
import { AccessLevel, AdvisoryStatus, Classification, Tlp } from '@app/platform/vocabulary';
import type { AdvisoryAbility } from './advisory-ability';

/** The advisory columns the projection reads (entity property names). */
export interface AdvisoryRecord {
  id: string;
  status: AdvisoryStatus;
  severity: string;
  originatorOrgId: string | null;
  authorId: string;
  attributed: boolean;
  version: number;
  fullClassification: Classification;
  fullTlp: Tlp;
  fullTitle: string;
  fullSummary: string;
  fullBody: string | null;
  fullRecommendedActions: string[];
  fullIndicators: string[];
  hasTearLine: boolean;
  tearLineClassification: Classification | null;
  tearLineTlp: Tlp | null;
  tearLineTitle: string | null;
  tearLineSummary: string | null;
  tearLineRecommendedActions: string[] | null;
  tearLineReleaseToNonMemberLocalGovernments: boolean;
  audienceTiers: string[];
  audienceSectors: string[];
  audienceRegions: string[];
  audienceMunicipalityPrefectures: string[];
  audienceOrganisationIds: string[];
  audiencePersonIds: string[];
  audienceNoForeign: boolean;
  withdrawalReason: string | null;
  rejectionReason: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
  sortAt: Date;
}

/** What one reader may see of one advisory: the policy's field-level answer. */
export interface AdvisoryView {
  id: string;
  access: AccessLevel;
  status: AdvisoryStatus;
  severity: string;
  version: number;
  classification: Classification;
  tlp: Tlp;
  title: string | null;
  summary: string | null;
  body: string | null;
  recommendedActions: string[] | null;
  indicators: string[] | null;
  /** The originator organisation's id when the reader may see it, else null. */
  originatorOrgId: string | null;
  /** The audience when the reader may see it, else null. */
  audience: {
    tiers: string[];
    sectors: string[];
    regions: string[];
    organisationIds: string[];
    personIds: string[];
    noForeign: boolean;
  } | null;
  withdrawalReason: string | null;
  /** Shown to those who may read the audience (the originator and the secretariat). */
  rejectionReason: string | null;
  publishedAt: Date | null;
  updatedAt: Date;
}

/**
 * Shapes a row that the policy's WHERE clause returned, at the access level its CASE computed, into
 * exactly the fields ACCESS-POLICY.md "The answer" gives this reader.
 */
export function projectAdvisory(record: AdvisoryRecord, access: AccessLevel, ability: AdvisoryAbility): AdvisoryView {
  const asSubject = subject('Advisory', { ...record });
  const contentShown = record.status !== AdvisoryStatus.WITHDRAWN || ability.can('readRetracted', asSubject);
  const audienceShown = ability.can('readAudience', asSubject);
  const base = {
    id: record.id,
    access,
    status: record.status,
    severity: record.severity,
    version: record.version,
    originatorOrgId: ability.can('readOriginator', asSubject) ? record.originatorOrgId : null,
    audience: audienceShown
      ? {
          tiers: record.audienceTiers,
          sectors: record.audienceSectors,
          regions: record.audienceRegions,
          organisationIds: record.audienceOrganisationIds,
          personIds: record.audiencePersonIds,
          noForeign: record.audienceNoForeign,
        }
      : null,
    withdrawalReason: record.withdrawalReason,
    rejectionReason: audienceShown ? record.rejectionReason : null,
    publishedAt: record.publishedAt,
    updatedAt: record.updatedAt,
  };
  const none = { title: null, summary: null, body: null, recommendedActions: null, indicators: null };
  if (access === AccessLevel.FULL) {
    return {
      ...base,
      classification: record.fullClassification,
      tlp: record.fullTlp,
      ...(contentShown
        ? {
            title: record.fullTitle,
            summary: record.fullSummary,
            body: record.fullBody,
            recommendedActions: record.fullRecommendedActions,
            indicators: record.fullIndicators,
          }
        : none),
    };
  }
  if (access === AccessLevel.TEAR_LINE) {
    return {
      ...base,
      classification: record.tearLineClassification as Classification,
      tlp: record.tearLineTlp as Tlp,
      ...(contentShown
        ? {
            title: record.tearLineTitle,
            summary: record.tearLineSummary,
            body: null,
            recommendedActions: record.tearLineRecommendedActions ?? [],
            indicators: null,
          }
        : none),
    };
  }
  return { ...base, classification: record.fullClassification, tlp: record.fullTlp, ...none };
}
