import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdvisoryStatus, Classification, ClearanceLevel, MembershipTier, Role, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const FEED = `query Feed($filter: AdvisoryFilter, $first: Int, $after: String) {
  advisories(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { endCursor hasNextPage }
    edges { cursor node { id access status classification tlp title summary body indicators recommendedActions originator { id name } audience { tiers } withdrawalReason } }
  }
}`;
const ONE = `query One($id: ID!) { advisory(id: $id) { id access title body classification } }`;

describe('reading advisories through the policy', () => {
  let api: TestApp;
  let memberToken: string;
  let clearedToken: string;
  let secretariatToken: string;
  let authorId: string;

  beforeAll(async () => {
    api = await startTestApp();
    const ds = api.dataSource;
    const org = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1, facilityClearanceExpiresAt: inDays(300) });
    const author = await insertPerson(ds, { organisationId: org.id });
    authorId = author.id;
    const member = await insertPerson(ds, { organisationId: (await insertOrganisation(ds)).id });
    const cleared = await insertPerson(ds, {
      organisationId: org.id,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    const secretariat = await insertPerson(ds, { roles: [Role.SECRETARIAT] });
    memberToken = api.tokenFor(member.id);
    clearedToken = api.tokenFor(cleared.id);
    secretariatToken = api.tokenFor(secretariat.id);
  });
  afterAll(async () => {
    await api.close();
  });

  it('gives an uncleared member the tear line of an IESI advisory, and the cleared one the full view', async () => {
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullTitle: 'IESI full title',
      hasTearLine: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: Tlp.GREEN,
      tearLineTitle: 'Releasable title',
      tearLineSummary: 'Releasable summary',
      tearLineRecommendedActions: ['Block the address'],
    });
    const asMember = await api.gqlOk(ONE, { id: advisory.id }, memberToken);
    expect(asMember.advisory).toEqual({
      id: advisory.id,
      access: 'TEAR_LINE',
      title: 'Releasable title',
      body: null,
      classification: 'UNCLASSIFIED',
    });
    const asCleared = await api.gqlOk(ONE, { id: advisory.id }, clearedToken);
    expect(asCleared.advisory).toMatchObject({ access: 'FULL', title: 'IESI full title', classification: 'IESI' });
    const logged = await api.dataSource.query(`SELECT person_id FROM access_log WHERE advisory_id = $1`, [advisory.id]);
    expect(logged).toHaveLength(1);
  });

  it('answers a hidden advisory exactly like one that never existed', async () => {
    const draft = await insertAdvisory(api.dataSource, { authorId, status: AdvisoryStatus.DRAFT });
    const hidden = await api.gql(ONE, { id: draft.id }, memberToken);
    const missing = await api.gql(ONE, { id: '5b0b7d4e-0000-4000-8000-000000000000' }, memberToken);
    const garbage = await api.gql(ONE, { id: 'not-a-uuid' }, memberToken);
    expect(hidden).toEqual({ data: { advisory: null } });
    expect(missing).toEqual({ data: { advisory: null } });
    expect(garbage).toEqual({ data: { advisory: null } });
  });

  it('pages newest first with cursors that stay correct while new advisories arrive', async () => {
    const fresh = await startTestApp();
    try {
      const org = await insertOrganisation(fresh.dataSource);
      const author = await insertPerson(fresh.dataSource, { organisationId: org.id });
      const reader = await insertPerson(fresh.dataSource, { organisationId: org.id });
      const token = fresh.tokenFor(reader.id);
      const base = Date.now() - 100_000;
      for (let i = 0; i < 5; i++) {
        await insertAdvisory(fresh.dataSource, { authorId: author.id, fullTitle: `item ${i}`, publishedAt: new Date(base + i * 1000) });
      }
      const first = await fresh.gqlOk(FEED, { first: 2 }, token);
      expect(first.advisories.edges.map((e: any) => e.node.title)).toEqual(['item 4', 'item 3']);
      expect(first.advisories.totalCount).toBe(5);
      await insertAdvisory(fresh.dataSource, { authorId: author.id, fullTitle: 'newest', publishedAt: new Date() });
      const second = await fresh.gqlOk(FEED, { first: 2, after: first.advisories.pageInfo.endCursor }, token);
      expect(second.advisories.edges.map((e: any) => e.node.title)).toEqual(['item 2', 'item 1']);
      const third = await fresh.gqlOk(FEED, { first: 2, after: second.advisories.pageInfo.endCursor }, token);
      expect(third.advisories.edges.map((e: any) => e.node.title)).toEqual(['item 0']);
      expect(third.advisories.pageInfo.hasNextPage).toBe(false);
    } finally {
      await fresh.close();
    }
  });

  it('refuses a forged cursor and a page larger than 200 with clear messages', async () => {
    const forged = await api.gql(FEED, { after: 'bm9wZQ' }, memberToken);
    expect(forged.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(forged.errors?.[0]?.message).toMatch(/after/);
    const tooMany = await api.gql(FEED, { first: 201 }, memberToken);
    expect(tooMany.errors?.[0]?.message).toMatch(/first/);
  });

  it('searches Japanese text in the view the reader gets, never in a view they cannot read', async () => {
    await insertAdvisory(api.dataSource, {
      authorId,
      fullClassification: Classification.IESI,
      fullTitle: '重要インフラ 機密の標題',
      fullSummary: 'ランサムウェア攻撃',
      hasTearLine: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: Tlp.GREEN,
      tearLineTitle: '公開できる標題',
      tearLineSummary: '注意喚起',
    });
    const search = (text: string, token: string) => api.gqlOk(FEED, { filter: { text } }, token);
    expect((await search('ランサムウェア', memberToken)).advisories.totalCount).toBe(0);
    expect((await search('注意喚起', memberToken)).advisories.edges.map((e: any) => e.node.title)).toEqual(['公開できる標題']);
    expect((await search('ランサムウェア', clearedToken)).advisories.edges.map((e: any) => e.node.title)).toEqual([
      '重要インフラ 機密の標題',
    ]);
  });

  it('shows the secretariat pending items and metadata only for IESI without clearance', async () => {
    const pending = await insertAdvisory(api.dataSource, {
      authorId,
      status: AdvisoryStatus.PENDING_REVIEW,
      fullClassification: Classification.IESI,
    });
    const result = await api.gqlOk(ONE, { id: pending.id }, secretariatToken);
    expect(result.advisory).toEqual({ id: pending.id, access: 'METADATA_ONLY', title: null, body: null, classification: 'IESI' });
  });

  it('filters by sector without revealing the other sectors of an audience the reader may not read', async () => {
    const org = await insertOrganisation(api.dataSource, { sectors: ['FINANCE'] as never });
    const reader = await insertPerson(api.dataSource, { organisationId: org.id });
    const token = api.tokenFor(reader.id);
    const aimed = await insertAdvisory(api.dataSource, {
      authorId,
      fullTitle: 'finance and medical',
      audienceSectors: ['FINANCE', 'MEDICAL'] as never,
    });
    const ids = async (sectors: string[], as: string) =>
      (await api.gqlOk(FEED, { filter: { sectors }, first: 200 }, as)).advisories.edges.map((e: any) => e.node.id);
    expect(await ids(['FINANCE'], token)).toContain(aimed.id);
    expect(await ids(['MEDICAL'], token)).toEqual([]);
    expect(await ids(['MEDICAL'], secretariatToken)).toContain(aimed.id);
    expect(await ids(['ELECTRICITY'], secretariatToken)).not.toContain(aimed.id);
  });

  it("gives an ORG_ADMIN without clearance only the metadata of their own organisation's IESI advisory", async () => {
    const org = await insertOrganisation(api.dataSource, { facilityClearanceExpiresAt: inDays(100) });
    const admin = await insertPerson(api.dataSource, { organisationId: org.id, roles: [Role.ORG_ADMIN] });
    const writer = await insertPerson(api.dataSource, {
      organisationId: org.id,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    const iesi = await insertAdvisory(api.dataSource, {
      authorId: writer.id,
      originatorOrgId: org.id,
      status: AdvisoryStatus.PENDING_REVIEW,
      fullClassification: Classification.IESI,
      fullTitle: 'IESI of my own organisation',
    });
    const result = await api.gqlOk(ONE, { id: iesi.id }, api.tokenFor(admin.id));
    expect(result.advisory).toEqual({ id: iesi.id, access: 'METADATA_ONLY', title: null, body: null, classification: 'IESI' });
  });
});
