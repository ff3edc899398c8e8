import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '../support/test-app';
import { expectedView } from './expected-view';
import { ReferencePolicy } from './reference-policy';
import { insertWorld, worldArbitrary } from './world';

const RUNS = Number(process.env.COUNCIL_POLICY_E2E_RUNS ?? 30);
const FIELDS = `id access classification tlp title summary body recommendedActions indicators originator { id } audience { tiers }`;
const FEED = `{ advisories(first: 200) { totalCount edges { node { ${FIELDS} } } } }`;
const ONE = `query One($id: ID!) { advisory(id: $id) { ${FIELDS} } }`;

type Node = Record<string, unknown> & { id: string; originator: { id: string } | null; audience: unknown };

function comparable(node: Node | null) {
  if (!node) return null;
  const { id: _id, originator, audience, ...rest } = node;
  return { ...rest, originatorOrgId: originator?.id ?? null, audienceShown: audience !== null };
}

describe('the GraphQL API, asked as every person of generated councils', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers advisories and advisory(id) exactly as ACCESS-POLICY.md does', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary({ organisations: 4, persons: 7, advisories: 8 }), async (world) => {
        await api.dataSource.query('TRUNCATE advisories, persons, organisations CASCADE');
        await insertWorld(api.dataSource, world);
        const reference = new ReferencePolicy(new Map(world.organisations.map((o) => [o.id, o])), world.now);
        for (const person of world.persons) {
          const token = api.tokenFor(person.id);
          const feed = await api.gql<{ advisories: { totalCount: number; edges: Array<{ node: Node }> } }>(FEED, {}, token);
          if (!person.active) {
            expect(feed.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
            continue;
          }
          // Newest first: insertWorld publishes advisory i at base + i seconds.
          const expected = world.advisories
            .map((advisory, index) => ({ advisory, index, answer: reference.answer(person, advisory) }))
            .filter((x) => x.answer !== null)
            .reverse();
          // Asked again, the page comes from the feed cache: it must be the same answer.
          expect(await api.gql(FEED, {}, token)).toEqual(feed);
          const nodes = feed.data!.advisories.edges.map((e) => e.node);
          expect({ person, ids: nodes.map((n) => n.id) }).toEqual({ person, ids: expected.map((x) => x.advisory.id) });
          expect(feed.data!.advisories.totalCount).toBe(expected.length);
          nodes.forEach((node, i) => {
            const { advisory, index, answer } = expected[i];
            const { audienceShown, originatorOrgId, ...fields } = expectedView(advisory, index, answer!);
            expect({ person, advisory, node: comparable(node) }).toEqual({
              person,
              advisory,
              node: { ...fields, originatorOrgId, audienceShown },
            });
          });
          for (const [index, advisory] of world.advisories.entries()) {
            const one = await api.gql<{ advisory: Node | null }>(ONE, { id: advisory.id }, token);
            const answer = reference.answer(person, advisory);
            expect(one.errors).toBeUndefined();
            expect({ person, advisory, node: comparable(one.data!.advisory) }).toEqual({
              person,
              advisory,
              node: answer
                ? (({ audienceShown, originatorOrgId, ...f }) => ({ ...f, originatorOrgId, audienceShown }))(
                    expectedView(advisory, index, answer),
                  )
                : null,
            });
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
