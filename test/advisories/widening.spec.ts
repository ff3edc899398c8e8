import { describe, expect, it } from '@jest/globals';
import {
  applyPatch,
  EMPTY_AUDIENCE,
  type AdvisoryContent,
  type AdvisoryContentPatch,
} from '../../libs/advisories/src/lifecycle/advisory-content';
import { wideningOf } from '../../libs/advisories/src/lifecycle/widening';
import { Classification, MembershipTier, Sector, Severity, Tlp } from '../../libs/platform/src/vocabulary';

const ORG_A = '11111111-1111-4111-8111-111111111111';
const ORG_B = '22222222-2222-4222-8222-222222222222';
const PERSON = '33333333-3333-4333-8333-333333333333';

const base: AdvisoryContent = {
  severity: Severity.MEDIUM,
  attributed: false,
  full: {
    classification: Classification.COUNCIL_CONFIDENTIAL,
    tlp: Tlp.AMBER,
    title: 'Full',
    summary: 'Summary',
    body: 'Body',
    recommendedActions: [],
    indicators: [],
  },
  tearLine: {
    classification: Classification.UNCLASSIFIED,
    tlp: Tlp.GREEN,
    title: 'Tear line',
    summary: 'Summary',
    recommendedActions: [],
    releaseToNonMemberLocalGovernments: false,
  },
  audience: {
    ...EMPTY_AUDIENCE,
    tiers: [MembershipTier.CLASS_1],
    sectors: [Sector.FINANCE],
    regions: ['13'],
    organisationIds: [ORG_A],
    personIds: [],
    noForeign: true,
  },
};

const fields = (patch: AdvisoryContentPatch, from: AdvisoryContent = base) => wideningOf(from, applyPatch(from, patch)).map((w) => w.field);

describe('wideningOf: whether an edit of a published advisory needs consent', () => {
  it('finds nothing in an edit that keeps every restriction', () => {
    expect(fields({})).toEqual([]);
    expect(fields({ severity: Severity.CRITICAL, attributed: true })).toEqual([]);
    expect(fields({ full: { ...base.full, title: 'New title', body: 'New body', indicators: ['x'] } })).toEqual([]);
    expect(fields({ tearLine: { ...base.tearLine!, title: 'Reworded' } })).toEqual([]);
  });

  it('finds nothing in a narrowing, however many restrictions it adds', () => {
    expect(
      fields({
        full: { ...base.full, classification: Classification.IESI, tlp: Tlp.RED },
        tearLine: null,
        audience: {
          tiers: [MembershipTier.CLASS_1],
          sectors: [Sector.FINANCE],
          regions: ['13101'],
          organisationIds: [ORG_A],
          personIds: [PERSON],
        },
      }),
    ).toEqual([]);
  });

  it('sees a lower classification or TLP of either view', () => {
    expect(fields({ full: { ...base.full, classification: Classification.UNCLASSIFIED } })).toEqual(['full.classification']);
    expect(fields({ full: { ...base.full, tlp: Tlp.GREEN } })).toEqual(['full.tlp']);
    expect(fields({ tearLine: { ...base.tearLine!, tlp: Tlp.CLEAR } })).toEqual(['tearLine.tlp']);
    const confidentialTearLine = applyPatch(base, {
      tearLine: { ...base.tearLine!, classification: Classification.COUNCIL_CONFIDENTIAL },
    });
    expect(fields({ tearLine: base.tearLine }, confidentialTearLine)).toEqual(['tearLine.classification']);
  });

  it('sees a new tear line, and a tear line newly released to non-member local governments', () => {
    const withoutTearLine = applyPatch(base, { tearLine: null });
    expect(fields({ tearLine: base.tearLine }, withoutTearLine)).toEqual(['tearLine']);
    expect(fields({ tearLine: { ...base.tearLine!, releaseToNonMemberLocalGovernments: true } })).toEqual([
      'tearLine.releaseToNonMemberLocalGovernments',
    ]);
  });

  it('sees a restriction removed, and a value added to a non-empty list', () => {
    expect(fields({ audience: { tiers: [] } })).toEqual(['audience.tiers']);
    expect(fields({ audience: { tiers: [MembershipTier.CLASS_1, MembershipTier.CLASS_2] } })).toEqual(['audience.tiers']);
    expect(fields({ audience: { sectors: [] } })).toEqual(['audience.sectors']);
    expect(fields({ audience: { sectors: [Sector.GAS] } })).toEqual(['audience.sectors']);
    expect(fields({ audience: { regions: [] } })).toEqual(['audience.regions']);
    expect(fields({ audience: { regions: ['13', '27'] } })).toEqual(['audience.regions']);
    expect(fields({ audience: { organisationIds: [] } })).toEqual(['audience.organisationIds']);
    expect(fields({ audience: { organisationIds: [ORG_A, ORG_B] } })).toEqual(['audience.organisationIds']);
    expect(fields({ audience: { noForeign: false } })).toEqual(['audience.noForeign']);
    const named = applyPatch(base, { audience: { personIds: [PERSON] } });
    expect(fields({ audience: { personIds: [] } }, named)).toEqual(['audience.personIds']);
  });

  it('says what widens, for the error and the proposal', () => {
    expect(wideningOf(base, applyPatch(base, { audience: { regions: ['13', '27'] } }))).toEqual([
      { field: 'audience.regions', change: 'adds 27' },
    ]);
  });

  it('treats an empty list that was empty before as no restriction either way', () => {
    const open = applyPatch(base, { audience: { sectors: [], regions: [] } });
    expect(fields({ audience: { sectors: [], regions: [] } }, open)).toEqual([]);
    expect(fields({ audience: { sectors: [Sector.GAS] } }, open)).toEqual([]);
  });

  it('counts a municipality inside a listed prefecture as covered, but a prefecture after its municipality as wider', () => {
    expect(fields({ audience: { regions: ['13', '13101'] } })).toEqual([]);
    const municipal = applyPatch(base, { audience: { regions: ['13101'] } });
    expect(fields({ audience: { regions: ['13'] } }, municipal)).toEqual(['audience.regions']);
    expect(fields({ audience: { regions: ['13101', '13102'] } }, municipal)).toEqual(['audience.regions']);
  });

  it('knows that naming all three member tiers is no restriction', () => {
    const allTiers = applyPatch(base, {
      audience: { tiers: [MembershipTier.CLASS_1, MembershipTier.CLASS_2, MembershipTier.GENERAL] },
    });
    expect(fields({ audience: { tiers: [] } }, allTiers)).toEqual([]);
  });

  it('ignores the order of and duplicates in audience lists', () => {
    const two = applyPatch(base, { audience: { organisationIds: [ORG_A, ORG_B] } });
    expect(fields({ audience: { organisationIds: [ORG_B, ORG_A, ORG_B] } }, two)).toEqual([]);
  });

  it('reports every widening of one change', () => {
    expect(
      fields({
        full: { ...base.full, tlp: Tlp.GREEN },
        audience: { sectors: [], noForeign: false, organisationIds: [ORG_A, ORG_B] },
      }),
    ).toEqual(['full.tlp', 'audience.sectors', 'audience.organisationIds', 'audience.noForeign']);
  });
});
