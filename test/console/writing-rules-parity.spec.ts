import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { Person } from '../../apps/console/src/api/types';
import { toCreateInput, writingProblems as consoleProblems, type AdvisoryDraft } from '../../apps/console/src/compose/writing-rules';
import { writingProblems as serverProblems } from '../../libs/advisories/src/lifecycle/writing-rules';
import type { AdvisoryContent } from '../../libs/advisories/src/lifecycle/advisory-content';

/**
 * The console checks the writing rules as the author types (apps/console/src/compose/writing-rules.ts)
 * so that the author learns of a problem before submitting. It must flag exactly the fields the API
 * would refuse, or authors would be told "all rules met" and then get a refusal (or the reverse).
 */
const classification = fc.constantFrom('UNCLASSIFIED', 'COUNCIL_CONFIDENTIAL', 'IESI' as const);
const tlp = fc.constantFrom('CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED' as const);
const text = (limit: number) => fc.constantFrom('', '   ', '情報共有', 'x'.repeat(limit), '字'.repeat(limit + 1));
const items = fc.array(fc.constantFrom('Patch now', '203.0.113.9', 'あ'.repeat(2_001)), { maxLength: 2 });
const ids = fc.array(fc.constantFrom('0b8a4f5e-5f1c-4c1e-9a47-6a1f0f9b1c2d', '7d0c1c66-1f0e-4a43-8d9a-3a1f2e5b6c7d'), { maxLength: 1 });

const draft: fc.Arbitrary<AdvisoryDraft> = fc.record({
  severity: fc.constantFrom('HIGH', 'LOW' as const),
  attributed: fc.boolean(),
  full: fc.record({
    classification,
    tlp,
    title: text(300),
    summary: text(4_000),
    body: fc.constantFrom('', 'Details', 'b'.repeat(100_001)),
    recommendedActions: items,
    indicators: items,
  }),
  tearLine: fc.option(
    fc.record({
      classification,
      tlp,
      title: text(300),
      summary: text(4_000),
      recommendedActions: items,
      releaseToNonMemberLocalGovernments: fc.boolean(),
    }),
    { nil: null },
  ),
  audience: fc.record({
    tiers: fc.subarray(['CLASS_1', 'CLASS_2', 'GENERAL'] as const).map((t) => [...t]),
    sectors: fc.constant([]),
    regions: fc.subarray(['13', '13101', '27'] as const).map((r) => [...r]),
    organisationIds: ids,
    personIds: ids,
    noForeign: fc.boolean(),
  }),
});

function author(cleared: boolean): Person {
  const future = new Date(Date.now() + 86_400_000).toISOString();
  return {
    id: 'a',
    displayName: 'Author',
    email: 'a@example.test',
    roles: [],
    active: true,
    individualTier: 'CLASS_1',
    pledgeExpiresAt: future,
    clearance: { level: cleared ? 'IESI' : 'NONE', expiresAt: cleared ? future : null, suspended: false },
    organisation: null,
  };
}

/** The field of each problem, without item indexes ("full.indicators[3]" → "full.indicators"). */
const fields = (problems: Array<{ field: string }>) => [...new Set(problems.map((p) => p.field.replace(/\[\d+\]$/, '')))].sort();

describe('console writing rules', () => {
  it('flag exactly the fields the API refuses, for any draft and author', () => {
    fc.assert(
      fc.property(draft, fc.boolean(), (d, cleared) => {
        const input = toCreateInput(d);
        const content = { ...input, tearLine: input.tearLine ?? null } as unknown as AdvisoryContent;
        const server = serverProblems(content, { writerCleared: cleared, before: null });
        expect(fields(consoleProblems(d, author(cleared)))).toEqual(fields(server));
      }),
      { numRuns: 2_000 },
    );
  });

  it('say so when an id is not an id (the API refuses it at the edge)', () => {
    const d = fc.sample(draft, { numRuns: 1, seed: 1 })[0];
    const problems = consoleProblems({ ...d, audience: { ...d.audience, personIds: ['not-an-id'] } }, author(true));
    expect(problems).toContainEqual({ field: 'audience.personIds', key: 'notAnId' });
  });
});
