import { describe, expect, it } from '@jest/globals';
import { EMPTY_AUDIENCE, type AdvisoryContent } from '../../libs/advisories/src/lifecycle/advisory-content';
import { writingProblems } from '../../libs/advisories/src/lifecycle/writing-rules';
import { Classification, MembershipTier, Severity, Tlp } from '../../libs/platform/src/vocabulary';

const valid: AdvisoryContent = {
  severity: Severity.HIGH,
  attributed: true,
  full: {
    classification: Classification.COUNCIL_CONFIDENTIAL,
    tlp: Tlp.AMBER,
    title: 'Title',
    summary: 'Summary',
    body: null,
    recommendedActions: ['Patch'],
    indicators: ['198.51.100.1'],
  },
  tearLine: {
    classification: Classification.UNCLASSIFIED,
    tlp: Tlp.GREEN,
    title: 'Tear line',
    summary: 'Summary',
    recommendedActions: [],
    releaseToNonMemberLocalGovernments: true,
  },
  audience: EMPTY_AUDIENCE,
};

const problemFields = (content: AdvisoryContent, writerCleared = false, before: AdvisoryContent | null = null) =>
  writingProblems(content, { writerCleared, before }).map((p) => p.field);

describe('writingProblems: ACCESS-POLICY.md writing rules and RUNNING.md limits', () => {
  it('accepts a valid advisory', () => {
    expect(problemFields(valid)).toEqual([]);
  });

  it('keeps a tear line at or below the FULL view', () => {
    const above = {
      ...valid,
      tearLine: { ...valid.tearLine!, classification: Classification.IESI, tlp: Tlp.RED, releaseToNonMemberLocalGovernments: false },
    };
    expect(problemFields(above, true)).toEqual(['tearLine.classification', 'tearLine.tlp', 'audience.personIds']);
  });

  it('needs named people for RED and named organisations for AMBER_STRICT, in either view', () => {
    expect(problemFields({ ...valid, full: { ...valid.full, tlp: Tlp.RED } })).toEqual(['audience.personIds']);
    expect(
      problemFields({
        ...valid,
        full: { ...valid.full, tlp: Tlp.RED },
        tearLine: {
          ...valid.tearLine!,
          tlp: Tlp.AMBER_STRICT,
          classification: Classification.COUNCIL_CONFIDENTIAL,
          releaseToNonMemberLocalGovernments: false,
        },
      }),
    ).toEqual(['audience.personIds', 'audience.organisationIds']);
  });

  it('releases to non-member local governments only an UNCLASSIFIED tear line at CLEAR or GREEN', () => {
    expect(problemFields({ ...valid, tearLine: { ...valid.tearLine!, tlp: Tlp.AMBER } })).toEqual([
      'tearLine.releaseToNonMemberLocalGovernments',
    ]);
    expect(problemFields({ ...valid, tearLine: { ...valid.tearLine!, classification: Classification.COUNCIL_CONFIDENTIAL } })).toEqual([
      'tearLine.releaseToNonMemberLocalGovernments',
    ]);
    expect(problemFields({ ...valid, tearLine: { ...valid.tearLine!, tlp: Tlp.CLEAR } })).toEqual([]);
  });

  it('lets only a cleared writer put IESI content into a view', () => {
    const iesi = { ...valid, full: { ...valid.full, classification: Classification.IESI } };
    expect(problemFields(iesi, false)).toEqual(['full.classification']);
    expect(problemFields(iesi, true)).toEqual([]);
    // Leaving an IESI view untouched (narrowing the audience, say) writes no IESI content.
    const narrowed = { ...iesi, audience: { ...EMPTY_AUDIENCE, tiers: [MembershipTier.CLASS_1] } };
    expect(problemFields(narrowed, false, iesi)).toEqual([]);
    expect(problemFields({ ...iesi, full: { ...iesi.full, body: 'new' } }, false, iesi)).toEqual(['full.classification']);
  });

  it('knows the region codes and the tiers an audience may name', () => {
    const audience = { ...EMPTY_AUDIENCE, regions: ['13', '13101', '48', '99999'], tiers: [MembershipTier.NONE] };
    const problems = writingProblems({ ...valid, audience }, { writerCleared: false, before: null });
    expect(problems.map((p) => p.problem)).toEqual([
      expect.stringContaining('NONE'),
      expect.stringContaining('"48"'),
      expect.stringContaining('"99999"'),
    ]);
  });

  it('counts characters, not UTF-16 units, against the limits', () => {
    expect(problemFields({ ...valid, full: { ...valid.full, title: '🛡'.repeat(300) } })).toEqual([]);
    expect(problemFields({ ...valid, full: { ...valid.full, title: '脆'.repeat(301) } })).toEqual(['full.title']);
    expect(problemFields({ ...valid, full: { ...valid.full, summary: 'a'.repeat(4001), body: 'b'.repeat(100_001) } })).toEqual([
      'full.summary',
      'full.body',
    ]);
    expect(problemFields({ ...valid, full: { ...valid.full, indicators: Array(501).fill('x') } })).toEqual(['full.indicators']);
    expect(problemFields({ ...valid, full: { ...valid.full, recommendedActions: ['ok', 'a'.repeat(2001)] } })).toEqual([
      'full.recommendedActions[1]',
    ]);
    expect(problemFields({ ...valid, full: { ...valid.full, title: '   ' } })).toEqual(['full.title']);
  });
});
