import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { buildAlertPayload } from '../../libs/alerts/src/payload/alert-payload';
import { advisoryRowMapper } from '../../libs/advisories/src/queries/advisory-row';
import { alertRecipientAccessSql } from '../../libs/policy/src/alerts/alert-recipient-access-sql';
import type { AccessLevel } from '../../libs/platform/src/vocabulary';
import { startTestApp, type TestApp } from '../support/test-app';
import type { Level, RefAdvisory, TlpColour } from './reference-policy';
import { insertWorld, worldArbitrary, type World } from './world';

/**
 * ACCESS-POLICY.md "Every other path": no surface gives a person more of an advisory than
 * advisory(id) gives that person at that moment. Generated councils get, beside each advisory, an
 * earlier version and (when published) a pending widening proposal with other classifications; then
 * every surface that carries advisory content is asked as every person, and every piece of content
 * found anywhere in an answer must be one that advisory(id) gives that person.
 *
 * Alerts (webhook, e-mail, digest item, escalation) are asked as the worker asks at send time:
 * the policy's recipient statement, then the payload builder, for every person and advisory.
 *
 * Content is found by its markers: insertWorld writes "full title 3", "tear line summary 3",
 * "198.51.100.3" and so on for advisory 3, and the other content here reuses them, so the check
 * reads raw bodies (JSON, Atom XML, TAXII) without knowing their formats.
 */
const RUNS = Number(process.env.COUNCIL_SIDE_DOOR_RUNS ?? 12);
const LEVELS: Level[] = ['UNCLASSIFIED', 'COUNCIL_CONFIDENTIAL', 'IESI'];
const TLPS: TlpColour[] = ['CLEAR', 'GREEN', 'AMBER', 'AMBER_STRICT', 'RED'];
const CONTENT = 'access title summary body recommendedActions indicators';
const ONE = `query One($id: ID!) { advisory(id: $id) { id ${CONTENT} } }`;
const SURFACES = {
  feed: `{ advisories(first: 200) { totalCount edges { node { id ${CONTENT} } } } }`,
  versions: `query Versions($id: ID!) { advisoryVersions(id: $id) { version advisory { id ${CONTENT} } } }`,
  proposals: `{ advisoryWideningProposals { id advisoryId widens proposed { id ${CONTENT} } } }`,
};
const CREATE_FEED_TOKEN = `mutation { createFeedToken(input: { name: "side doors" }) { token } }`;

type Part = 'full' | 'tear';
const MARKER = /\b(full|tear line) (?:title|summary|body|action) (\d+)\b|\b198\.51\.100\.(\d+)\b/g;

/** The (view, advisory index) of every piece of content in a body. */
function contentIn(body: string): Array<{ part: Part; index: number }> {
  return [...body.matchAll(MARKER)].map((m) =>
    m[3] !== undefined
      ? { part: 'full' as const, index: Number(m[3]) }
      : { part: m[1] === 'full' ? ('full' as const) : ('tear' as const), index: Number(m[2]) },
  );
}

/** Other content of an advisory: another classification and TLP per view, a tear line or none. */
const otherContentArbitrary = fc.record({
  fullClassification: fc.nat({ max: 2 }),
  fullTlp: fc.nat({ max: 3 }),
  tearLine: fc.option(fc.record({ classificationBelow: fc.nat({ max: 2 }), tlpBelow: fc.nat({ max: 3 }) }), { freq: 2 }),
});
interface OtherContent {
  fullClassification: number;
  fullTlp: number;
  tearLine: { classificationBelow: number; tlpBelow: number } | null;
}

function contentSnapshot(advisory: RefAdvisory, index: number, other: OtherContent) {
  const full = { classification: LEVELS[other.fullClassification], tlp: TLPS[other.fullTlp] };
  return {
    severity: 'HIGH',
    attributed: advisory.attributed,
    full: {
      ...full,
      title: `full title ${index}`,
      summary: `full summary ${index}`,
      body: `full body ${index}`,
      recommendedActions: [`full action ${index}`],
      indicators: [`198.51.100.${index}`],
    },
    tearLine: other.tearLine
      ? {
          classification: LEVELS[Math.max(0, other.fullClassification - other.tearLine.classificationBelow)],
          tlp: TLPS[Math.max(0, other.fullTlp - other.tearLine.tlpBelow)],
          title: `tear line title ${index}`,
          summary: `tear line summary ${index}`,
          recommendedActions: [`tear line action ${index}`],
          releaseToNonMemberLocalGovernments: false,
        }
      : null,
    audience: advisory.audience,
  };
}

/** Version 1 holds the other content, version 2 the current; published ones get a pending proposal. */
async function insertOtherContent(dataSource: DataSource, world: World, others: OtherContent[]): Promise<void> {
  const secretariat = world.persons[0].id;
  for (const [index, advisory] of world.advisories.entries()) {
    const other = contentSnapshot(advisory, index, others[index]);
    await dataSource.query('UPDATE advisories SET version = 2 WHERE id = $1', [advisory.id]);
    await dataSource.query(`INSERT INTO advisory_versions (advisory_id, version, snapshot, created_by_id) VALUES ($1, 1, $2, $3)`, [
      advisory.id,
      JSON.stringify({ change: 'PUBLISHED', content: other }),
      advisory.authorId,
    ]);
    if (advisory.status !== 'PUBLISHED') continue;
    const request = {
      fullClassification: other.full.classification,
      fullTlp: other.full.tlp,
      ...(other.tearLine ? { tearLine: other.tearLine } : {}),
      audience: { regions: [], sectors: [], tiers: [] },
    };
    await dataSource.query(
      `INSERT INTO widening_proposals (advisory_id, base_version, changes, status, proposed_by_id) VALUES ($1, 2, $2, 'PENDING', $3)`,
      [advisory.id, JSON.stringify({ request, note: null, widens: ['generated'] }), secretariat],
    );
  }
}

describe('every surface that carries advisory content, asked as every person of generated councils', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  /** Every alert payload the worker would send now, per person, for every event of every advisory. */
  const alertPayloads = async (world: World): Promise<Map<string, string>> => {
    const toRecord = advisoryRowMapper(api.dataSource);
    const records = (await api.dataSource.query('SELECT a.* FROM advisories a ORDER BY a.id')).map(toRecord);
    const personIds = world.persons.map((p) => p.id);
    const statement = alertRecipientAccessSql(
      records.map((advisory: ReturnType<typeof toRecord>) => ({ advisory, personIds })),
      new Date(),
    );
    const answers: Array<{ asked: number; person_id: string; access: AccessLevel | null }> = await api.dataSource.query(
      statement.sql,
      statement.values,
    );
    const payloads = new Map<string, string>(personIds.map((id) => [id, '']));
    for (const { asked, person_id, access } of answers) {
      if (access === null) continue;
      for (const event of ['advisory.published', 'advisory.updated', 'advisory.withdrawn'] as const) {
        const payload = buildAlertPayload({
          deliveryId: 'd',
          alertId: 'a',
          event,
          occurredAt: new Date(),
          access,
          severity: 'HIGH',
          advisory: records[asked],
          publicUrl: api.url,
        });
        payloads.set(person_id, `${payloads.get(person_id)}${JSON.stringify(payload)}`);
      }
    }
    return payloads;
  };

  const raw = async (path: string, headers: Record<string, string>) => {
    const response = await fetch(`${api.url}${path}`, { headers });
    return `${response.status} ${await response.text()}`;
  };

  it('never gives a person more of an advisory than advisory(id) gives them now', async () => {
    await fc.assert(
      fc.asyncProperty(
        worldArbitrary({ organisations: 4, persons: 6, advisories: 6 }).chain((world) =>
          fc.tuple(
            fc.constant(world),
            fc.array(otherContentArbitrary, { minLength: world.advisories.length, maxLength: world.advisories.length }),
          ),
        ),
        async ([world, others]) => {
          await api.dataSource.query('TRUNCATE advisory_versions, widening_proposals, advisories, persons, organisations CASCADE');
          await insertWorld(api.dataSource, world);
          await insertOtherContent(api.dataSource, world, others);
          const alerts = await alertPayloads(world);
          for (const person of world.persons.filter((p) => p.active)) {
            const token = api.tokenFor(person.id);
            // What advisory(id) gives this person now, per advisory index.
            const allowed = new Map<number, Set<Part>>();
            const hidden = new Set<string>();
            for (const [index, advisory] of world.advisories.entries()) {
              const node = (await api.gqlOk<{ advisory: { access: string; title: string | null } | null }>(ONE, { id: advisory.id }, token))
                .advisory;
              const parts = new Set<Part>();
              if (node?.title != null) {
                if (node.access === 'FULL') parts.add('full');
                if (advisory.tearLine && (node.access === 'FULL' || node.access === 'TEAR_LINE')) parts.add('tear');
              }
              allowed.set(index, parts);
              if (node === null) hidden.add(advisory.id);
            }
            const bodies: Array<[string, string]> = [
              ['alerts', alerts.get(person.id) ?? ''],
              ['advisories', JSON.stringify(await api.gql(SURFACES.feed, {}, token))],
              ['advisoryWideningProposals', JSON.stringify(await api.gql(SURFACES.proposals, {}, token))],
            ];
            for (const advisory of world.advisories) {
              bodies.push([
                `advisoryVersions(${advisory.id})`,
                JSON.stringify(await api.gql(SURFACES.versions, { id: advisory.id }, token)),
              ]);
            }
            const feedToken = (await api.gql<{ createFeedToken: { token: string } }>(CREATE_FEED_TOKEN, {}, token)).data?.createFeedToken
              .token;
            if (feedToken) {
              const bearer = { authorization: `Bearer ${feedToken}` };
              bodies.push(['atom', await raw('/feeds/advisories.atom', bearer)]);
              bodies.push([
                'taxii',
                await raw('/taxii2/council/collections/advisories/objects/', { ...bearer, accept: 'application/taxii+json;version=2.1' }),
              ]);
            }
            for (const [surface, body] of bodies) {
              const excess = contentIn(body).filter(({ part, index }) => !allowed.get(index)?.has(part));
              const existing = [...hidden].filter((id) => surface !== `advisoryVersions(${id})` && body.includes(id));
              expect({ person, surface, excess, existing }).toEqual({ person, surface, excess: [], existing: [] });
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 300_000);
});
