import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  advisoryInput,
  APPROVE,
  buildCouncil,
  CREATE,
  expectError,
  insertLocalGovernment,
  lifecycleSteps,
  ONE,
  UPDATE,
  type LifecycleCouncil,
} from './lifecycle-council';

const full = advisoryInput().full as Record<string, unknown>;
const tearLine = advisoryInput().tearLine as Record<string, unknown>;

describe('writing rules, enforced on create and update with clear BAD_USER_INPUT errors', () => {
  let api: TestApp;
  let council: LifecycleCouncil;

  beforeAll(async () => {
    api = await startTestApp();
    council = await buildCouncil(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const refused = async (input: Record<string, unknown>, token = council.author.token): Promise<string> =>
    expectError(await api.gql(CREATE, { input }, token), 'BAD_USER_INPUT');

  it('keeps the tear line at or below the FULL view', async () => {
    expect(await refused(advisoryInput({ tearLine: { ...tearLine, classification: 'IESI' } }), council.clearedAuthor.token)).toMatch(
      /tearLine\.classification: IESI is above the FULL view's COUNCIL_CONFIDENTIAL/,
    );
    expect(await refused(advisoryInput({ tearLine: { ...tearLine, tlp: 'RED' } }))).toMatch(
      /tearLine\.tlp: RED is above the FULL view's AMBER/,
    );
  });

  it('needs audience.personIds for RED and audience.organisationIds for AMBER_STRICT', async () => {
    expect(await refused(advisoryInput({ full: { ...full, tlp: 'RED' } }))).toMatch(/audience\.personIds: TLP RED needs/);
    expect(await refused(advisoryInput({ full: { ...full, tlp: 'AMBER_STRICT' } }))).toMatch(
      /audience\.organisationIds: TLP AMBER_STRICT needs/,
    );
    const red = await api.gqlOk(
      CREATE,
      { input: advisoryInput({ full: { ...full, tlp: 'RED' }, audience: { personIds: [council.reader.id] } }) },
      council.author.token,
    );
    expect(red.createAdvisory.audience.personIds).toEqual([council.reader.id]);
    const strict = await api.gqlOk(
      CREATE,
      { input: advisoryInput({ full: { ...full, tlp: 'AMBER_STRICT' }, audience: { organisationIds: [council.otherOrgId] } }) },
      council.author.token,
    );
    expect(strict.createAdvisory.tlp).toBe('AMBER_STRICT');
  });

  it('releases to non-member local governments only an UNCLASSIFIED tear line at CLEAR or GREEN', async () => {
    for (const bad of [{ classification: 'COUNCIL_CONFIDENTIAL' }, { tlp: 'AMBER' }]) {
      expect(await refused(advisoryInput({ tearLine: { ...tearLine, ...bad, releaseToNonMemberLocalGovernments: true } }))).toMatch(
        /tearLine\.releaseToNonMemberLocalGovernments: only an UNCLASSIFIED tear line/,
      );
    }
  });

  it('lets a released tear line reach a non-member municipality in the audience region, once published', async () => {
    const municipality = await insertLocalGovernment(api, '13', '13101');
    const id = await lifecycleSteps(api, council).published(council.author, {
      tearLine: { ...tearLine, releaseToNonMemberLocalGovernments: true },
      audience: { regions: ['13101'] },
    });
    expect((await api.gqlOk(ONE, { id }, municipality.token)).advisory).toMatchObject({ access: 'TEAR_LINE', title: tearLine.title });
    const [row] = await api.dataSource.query('SELECT audience_municipality_prefectures FROM advisories WHERE id = $1', [id]);
    expect(row.audience_municipality_prefectures).toEqual(['13']);
  });

  it('lets only a cleared author write an IESI view', async () => {
    const iesi = advisoryInput({ full: { ...full, classification: 'IESI' } });
    expect(await refused(iesi)).toMatch(/full\.classification: only a person with a valid IESI clearance/);
    expect(
      await refused(advisoryInput({ full: { ...full, classification: 'IESI' }, tearLine: { ...tearLine, classification: 'IESI' } })),
    ).toMatch(/tearLine\.classification: only a person with a valid IESI clearance/);
    expect((await api.gqlOk(CREATE, { input: iesi }, council.clearedAuthor.token)).createAdvisory.classification).toBe('IESI');
  });

  it('refuses an uncleared editor who would raise a view to IESI, on update too', async () => {
    const id = (await api.gqlOk(CREATE, { input: advisoryInput() }, council.author.token)).createAdvisory.id;
    const result = await api.gql(UPDATE, { id, input: { full: { ...full, classification: 'IESI' } } }, council.orgAdmin.token);
    expect(expectError(result, 'BAD_USER_INPUT')).toMatch(/IESI clearance/);
  });

  it('validates region codes, audience tiers, and that named organisations and people exist', async () => {
    expect(await refused(advisoryInput({ audience: { regions: ['48'] } }))).toMatch(/audience\.regions: "48" is neither/);
    expect(await refused(advisoryInput({ audience: { regions: ['99999'] } }))).toMatch(/"99999"/);
    expect(await refused(advisoryInput({ audience: { regions: ['Tokyo'] } }))).toMatch(/regions/);
    expect(await refused(advisoryInput({ audience: { tiers: ['NONE'] } }))).toMatch(/tiers/);
    const ghost = randomUUID();
    expect(await refused(advisoryInput({ audience: { organisationIds: [ghost] } }))).toMatch(
      `audience.organisationIds: no organisation has the id ${ghost}`,
    );
    expect(await refused(advisoryInput({ audience: { personIds: [ghost] } }))).toMatch(`audience.personIds: no person has the id ${ghost}`);
    expect(await refused(advisoryInput({ audience: { personIds: ['not-a-uuid'] } }))).toMatch(/personIds/);
  });

  it('keeps the limits of RUNNING.md, counting characters as readers do', async () => {
    const limits: Array<[Record<string, unknown>, RegExp]> = [
      [{ full: { ...full, title: 'x'.repeat(301) } }, /title: must be at most 300 characters/],
      [{ full: { ...full, summary: 'x'.repeat(4001) } }, /summary: must be at most 4000 characters/],
      [{ full: { ...full, body: 'x'.repeat(100_001) } }, /body: must be at most 100000 characters/],
      [{ full: { ...full, recommendedActions: ['x'.repeat(2001)] } }, /recommendedActions/],
      [{ full: { ...full, indicators: ['x'.repeat(2001)] } }, /indicators/],
      [{ full: { ...full, indicators: Array.from({ length: 501 }, (_, i) => `198.51.100.${i % 250}`) } }, /indicators/],
      [{ tearLine: { ...tearLine, title: 'x'.repeat(301) } }, /tearLine.*title/],
      [{ full: { ...full, title: '  ' } }, /title: must not be empty/],
    ];
    for (const [overrides, message] of limits) expect(await refused(advisoryInput(overrides))).toMatch(message);
    const emoji = await api.gqlOk(
      CREATE,
      { input: advisoryInput({ full: { ...full, title: '🛡'.repeat(300), indicators: Array(500).fill('x') } }) },
      council.author.token,
    );
    expect([...emoji.createAdvisory.title]).toHaveLength(300);
  });

  it('names every broken rule at once', async () => {
    const message = await refused(
      advisoryInput({ full: { ...full, tlp: 'RED' }, tearLine: { ...tearLine, tlp: 'RED', releaseToNonMemberLocalGovernments: true } }),
    );
    expect(message).toMatch(/^Invalid input: /);
    expect(message).toMatch(/releaseToNonMemberLocalGovernments/);
    expect(message).toMatch(/audience\.personIds/);
  });

  it('keeps sort_at on the last update until publication, then on the publication time', async () => {
    const steps = lifecycleSteps(api, council);
    const id = await steps.submitted(council.author);
    const [draft] = await api.dataSource.query('SELECT sort_at, updated_at, published_at FROM advisories WHERE id = $1', [id]);
    expect(draft.sort_at).toEqual(draft.updated_at);
    await api.gqlOk(APPROVE, { id }, council.secretariat.token);
    const [published] = await api.dataSource.query('SELECT sort_at, published_at FROM advisories WHERE id = $1', [id]);
    expect(published.sort_at).toEqual(published.published_at);
  });
});
