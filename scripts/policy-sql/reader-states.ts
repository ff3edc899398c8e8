import {
  AdvisoryStatus,
  ClearanceLevel,
  Classification,
  MembershipTier,
  OrganisationKind,
  Role,
  Sector,
  Tlp,
} from '../../libs/platform/src/vocabulary';
import type { AdvisoryRecord } from '../../libs/policy/src/advisories/advisory-projection';
import type { Reader, ReaderOrganisation } from '../../libs/policy/src/reader';

/**
 * The fixed world the policy SQL snapshots are compiled for: one instant, fixed ids, and a named
 * reader per kind of person ACCESS-POLICY.md distinguishes. Nothing here may depend on the real
 * clock or on randomness, or the snapshots would change on every run.
 */
export const SNAPSHOT_NOW = new Date('2026-04-01T00:00:00.000Z');

const LATER = new Date('2027-04-01T00:00:00.000Z');
const EARLIER = new Date('2026-01-01T00:00:00.000Z');

const personId = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const organisationId = (n: number) => `00000000-0000-4000-9000-${n.toString().padStart(12, '0')}`;

function organisation(n: number, fields: Partial<ReaderOrganisation>): ReaderOrganisation {
  return {
    id: organisationId(n),
    kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
    tier: MembershipTier.CLASS_1,
    sectors: [Sector.FINANCE, Sector.ELECTRICITY],
    prefecture: '13',
    municipality: null,
    foreign: false,
    active: true,
    agreementExpiresAt: LATER,
    facilityClearanceExpiresAt: null,
    ...fields,
  };
}

function reader(n: number, fields: Partial<Reader>): Reader {
  return {
    id: personId(n),
    active: true,
    roles: [Role.ANALYST],
    individualTier: null,
    pledgeExpiresAt: LATER,
    clearanceLevel: ClearanceLevel.NONE,
    clearanceExpiresAt: null,
    clearanceSuspended: false,
    organisation: null,
    ...fields,
  };
}

const bank = organisation(1, {});
const clearedOperator = organisation(2, { sectors: [Sector.ELECTRICITY], facilityClearanceExpiresAt: LATER });
const prefecture = organisation(3, {
  kind: OrganisationKind.LOCAL_GOVERNMENT,
  tier: MembershipTier.NONE,
  sectors: [Sector.GOVERNMENT_SERVICES],
});
const municipality = organisation(4, {
  kind: OrganisationKind.LOCAL_GOVERNMENT,
  tier: MembershipTier.NONE,
  sectors: [Sector.GOVERNMENT_SERVICES],
  municipality: '13101',
});
const foreignVendor = organisation(5, {
  kind: OrganisationKind.SECURITY_VENDOR,
  tier: MembershipTier.CLASS_2,
  sectors: [Sector.INFORMATION_COMMUNICATION],
  prefecture: null,
  foreign: true,
});
const lapsedAgreement = organisation(6, { tier: MembershipTier.GENERAL, agreementExpiresAt: EARLIER });

/** Named reader states, in the order the snapshot files list them. */
export const READER_STATES: ReadonlyArray<{ name: string; reader: Reader }> = [
  { name: 'member CLASS_1 (FINANCE, ELECTRICITY; prefecture 13)', reader: reader(1, { organisation: bank }) },
  {
    name: 'member, IESI clearance expired',
    reader: reader(2, { organisation: bank, clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: EARLIER }),
  },
  {
    name: 'cleared member (IESI, facility cleared)',
    reader: reader(3, { organisation: clearedOperator, clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: LATER }),
  },
  { name: 'member, agreement lapsed', reader: reader(4, { organisation: lapsedAgreement }) },
  { name: 'non-member local government (prefecture 13)', reader: reader(5, { organisation: prefecture, pledgeExpiresAt: null }) },
  { name: 'non-member local government (municipality 13101)', reader: reader(6, { organisation: municipality, pledgeExpiresAt: null }) },
  { name: 'foreign organisation member CLASS_2', reader: reader(7, { organisation: foreignVendor }) },
  { name: 'individual member GENERAL', reader: reader(8, { individualTier: MembershipTier.GENERAL }) },
  {
    name: 'secretariat, pledged and cleared',
    reader: reader(9, { roles: [Role.SECRETARIAT], clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: LATER }),
  },
  { name: 'secretariat, no pledge', reader: reader(10, { roles: [Role.SECRETARIAT], pledgeExpiresAt: null }) },
  { name: 'ORG_ADMIN of a CLASS_1 member', reader: reader(11, { organisation: bank, roles: [Role.ORG_ADMIN] }) },
  { name: 'auditor', reader: reader(12, { roles: [Role.AUDITOR], pledgeExpiresAt: null }) },
  { name: 'inactive member', reader: reader(13, { organisation: bank, active: false }) },
];

function advisory(n: number, fields: Partial<AdvisoryRecord>): AdvisoryRecord {
  return {
    id: `00000000-0000-4000-a000-${n.toString().padStart(12, '0')}`,
    status: AdvisoryStatus.PUBLISHED,
    severity: 'HIGH',
    originatorOrgId: bank.id,
    authorId: personId(1),
    attributed: false,
    version: 1,
    fullClassification: Classification.COUNCIL_CONFIDENTIAL,
    fullTlp: Tlp.AMBER,
    fullTitle: 'Full title',
    fullSummary: 'Full summary',
    fullBody: null,
    fullRecommendedActions: [],
    fullIndicators: [],
    hasTearLine: false,
    tearLineClassification: null,
    tearLineTlp: null,
    tearLineTitle: null,
    tearLineSummary: null,
    tearLineRecommendedActions: null,
    tearLineReleaseToNonMemberLocalGovernments: false,
    audienceTiers: [],
    audienceSectors: [],
    audienceRegions: [],
    audienceMunicipalityPrefectures: [],
    audienceOrganisationIds: [],
    audiencePersonIds: [],
    audienceNoForeign: false,
    withdrawalReason: null,
    rejectionReason: null,
    publishedAt: SNAPSHOT_NOW,
    updatedAt: SNAPSHOT_NOW,
    sortAt: SNAPSHOT_NOW,
    ...fields,
  };
}

/** Fixed advisories for the SQL seen from an advisory's side (fan-out, access report, send-time check). */
export const ADVISORY_STATES: ReadonlyArray<{ name: string; advisory: AdvisoryRecord }> = [
  {
    name: 'CONFIDENTIAL/AMBER to CLASS_1+CLASS_2 FINANCE in 13 and 14100, no foreign; tear line UNCLASSIFIED/GREEN released to non-member LGs',
    advisory: advisory(1, {
      hasTearLine: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: Tlp.GREEN,
      tearLineTitle: 'Tear-line title',
      tearLineSummary: 'Tear-line summary',
      tearLineRecommendedActions: [],
      tearLineReleaseToNonMemberLocalGovernments: true,
      audienceTiers: [MembershipTier.CLASS_1, MembershipTier.CLASS_2],
      audienceSectors: [Sector.FINANCE],
      audienceRegions: ['13', '14100'],
      audienceMunicipalityPrefectures: ['14'],
      audienceNoForeign: true,
    }),
  },
  {
    name: 'IESI/AMBER_STRICT to two named organisations, no tear line',
    advisory: advisory(2, {
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER_STRICT,
      authorId: personId(3),
      originatorOrgId: clearedOperator.id,
      audienceOrganisationIds: [bank.id, clearedOperator.id],
    }),
  },
  {
    name: 'withdrawn UNCLASSIFIED/CLEAR by an individual member',
    advisory: advisory(3, {
      status: AdvisoryStatus.WITHDRAWN,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.CLEAR,
      authorId: personId(8),
      originatorOrgId: null,
      withdrawalReason: 'Superseded',
    }),
  },
];
