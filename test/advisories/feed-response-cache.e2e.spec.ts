import { afterAll, beforeAll, beforeEach, describe, expect, it } from '@jest/globals';
import { parse, type GraphQLObjectType } from 'graphql';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { CACHEABLE_FEED_FIELDS, isCacheableFeedOperation } from '../../apps/api/src/advisories/feed-cache/cacheable-feed-operation';
import { MetricsRegistry } from '../../libs/platform/src/metrics/metrics-registry';
import { AdvisoryStatus, Classification, ClearanceLevel, MembershipTier, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const FEED = `query Feed($first: Int) {
  advisories(first: $first) { edges { node { id access title body classification status } } pageInfo { hasNextPage } }
}`;

type Outcome = 'hit' | 'miss' | 'bypass';
type FeedData = {
  advisories: { edges: Array<{ node: { id: string; access: string; title: string | null; body: string | null; status: string } }> };
};

describe('the feed response cache', () => {
  let api: TestApp;
  let authorId: string;
  let orgId: string;

  /** council_feed_cache_requests_total by outcome, as /metrics would report it. */
  async function outcomes(): Promise<Record<Outcome, number>> {
    const metric = api.app.get(MetricsRegistry).registry.getSingleMetric('council_feed_cache_requests_total');
    const counts: Record<Outcome, number> = { hit: 0, miss: 0, bypass: 0 };
    for (const value of (await metric!.get()).values) counts[value.labels.result as Outcome] = value.value;
    return counts;
  }

  /** Runs `read` and says which outcomes it added. */
  async function outcomeOf<T>(read: () => Promise<T>): Promise<{ result: T; added: Record<Outcome, number> }> {
    const before = await outcomes();
    const result = await read();
    const after = await outcomes();
    return { result, added: { hit: after.hit - before.hit, miss: after.miss - before.miss, bypass: after.bypass - before.bypass } };
  }

  const feedOf = (token: string) => api.gqlOk<FeedData>(FEED, { first: 50 }, token);
  const idsOf = (data: FeedData) => data.advisories.edges.map((e) => e.node.id);

  beforeAll(async () => {
    api = await startTestApp();
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1, facilityClearanceExpiresAt: inDays(300) });
    orgId = org.id;
    authorId = (await insertPerson(api.dataSource, { organisationId: org.id })).id;
  });
  beforeEach(async () => {
    await api.dataSource.query(`DELETE FROM advisories`);
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers a repeated page from memory, and logs a confidential read every time', async () => {
    const reader = await insertPerson(api.dataSource, { organisationId: orgId });
    const token = api.tokenFor(reader.id);
    const confidential = await insertAdvisory(api.dataSource, {
      authorId,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
    });
    const first = await outcomeOf(() => feedOf(token));
    const second = await outcomeOf(() => feedOf(token));
    expect(first.added).toEqual({ hit: 0, miss: 1, bypass: 0 });
    expect(second.added).toEqual({ hit: 1, miss: 0, bypass: 0 });
    expect(second.result).toEqual(first.result);
    expect(idsOf(first.result)).toEqual([confidential.id]);
    const logged = await api.dataSource.query(`SELECT person_id FROM access_log WHERE advisory_id = $1`, [confidential.id]);
    expect(logged).toEqual([{ person_id: reader.id }, { person_id: reader.id }]);
  });

  it("never gives one reader another reader's page", async () => {
    const named = await insertPerson(api.dataSource, { organisationId: orgId });
    const other = await insertPerson(api.dataSource, { organisationId: orgId });
    const red = await insertAdvisory(api.dataSource, { authorId, fullTlp: Tlp.RED, audiencePersonIds: [named.id] });
    const asNamed = await feedOf(api.tokenFor(named.id));
    const asOther = await outcomeOf(() => feedOf(api.tokenFor(other.id)));
    expect(idsOf(asNamed)).toEqual([red.id]);
    expect(asOther.added.hit).toBe(0);
    expect(idsOf(asOther.result)).toEqual([]);
  });

  it('sees an advisory change committed by any process at once', async () => {
    const reader = await insertPerson(api.dataSource, { organisationId: orgId });
    const token = api.tokenFor(reader.id);
    const advisory = await insertAdvisory(api.dataSource, { authorId, fullTitle: 'Before' });
    await feedOf(token);
    await feedOf(token);
    // Written straight into the database, as another API process or a migration would.
    await api.dataSource.query(`UPDATE advisories SET full_title = 'After' WHERE id = $1`, [advisory.id]);
    const afterEdit = await outcomeOf(() => feedOf(token));
    expect(afterEdit.added.miss).toBe(1);
    expect(afterEdit.result.advisories.edges[0].node.title).toBe('After');
    await api.dataSource.query(`UPDATE advisories SET status = $1, withdrawal_reason = 'wrong' WHERE id = $2`, [
      AdvisoryStatus.WITHDRAWN,
      advisory.id,
    ]);
    const afterWithdrawal = await feedOf(token);
    expect(afterWithdrawal.advisories.edges[0].node).toMatchObject({ status: 'WITHDRAWN', title: null, body: null });
  });

  it("follows the reader's own state at once: a suspended clearance, a suspended organisation", async () => {
    const cleared = await insertPerson(api.dataSource, {
      organisationId: orgId,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    const token = api.tokenFor(cleared.id);
    const iesi = await insertAdvisory(api.dataSource, {
      authorId,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullBody: 'IESI body',
    });
    await feedOf(token);
    expect((await feedOf(token)).advisories.edges[0].node).toMatchObject({ id: iesi.id, access: 'FULL', body: 'IESI body' });
    await api.dataSource.query(`UPDATE persons SET clearance_suspended = true WHERE id = $1`, [cleared.id]);
    expect(idsOf(await feedOf(token))).toEqual([]);
    await api.dataSource.query(`UPDATE persons SET clearance_suspended = false WHERE id = $1`, [cleared.id]);
    expect(idsOf(await feedOf(token))).toEqual([iesi.id]);
    const otherOrg = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 });
    const member = await insertPerson(api.dataSource, { organisationId: otherOrg.id });
    const memberToken = api.tokenFor(member.id);
    expect(idsOf(await feedOf(memberToken))).toEqual([]);
    const green = await insertAdvisory(api.dataSource, { authorId, fullTlp: Tlp.GREEN });
    expect(idsOf(await feedOf(memberToken))).toEqual([green.id]);
    await api.dataSource.query(`UPDATE organisations SET active = false WHERE id = $1`, [otherOrg.id]);
    expect(idsOf(await feedOf(memberToken))).toEqual([]);
  });

  it('stops reusing a page the moment a clearance expires, with no change in the database', async () => {
    // Seconds ahead: the two reads below must come before it, on a loaded machine too.
    const expiresAt = new Date(Date.now() + 3_000);
    const cleared = await insertPerson(api.dataSource, {
      organisationId: orgId,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: expiresAt,
    });
    const token = api.tokenFor(cleared.id);
    const iesi = await insertAdvisory(api.dataSource, { authorId, fullClassification: Classification.IESI, fullTlp: Tlp.AMBER });
    expect(idsOf(await feedOf(token))).toEqual([iesi.id]);
    expect((await outcomeOf(() => feedOf(token))).added.hit).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, expiresAt.getTime() - Date.now() + 50));
    const afterExpiry = await outcomeOf(() => feedOf(token));
    expect(afterExpiry.added.hit).toBe(0);
    expect(idsOf(afterExpiry.result)).toEqual([]);
  });

  it('sees a change made through a mutation by the very next read', async () => {
    const reader = await insertPerson(api.dataSource, { organisationId: orgId });
    const token = api.tokenFor(reader.id);
    const advisory = await insertAdvisory(api.dataSource, { authorId, fullTitle: 'Published' });
    await feedOf(token);
    const author = api.tokenFor(authorId);
    await api.gqlOk(`mutation W($id: ID!) { withdrawAdvisory(id: $id, reason: "Superseded") { id status } }`, { id: advisory.id }, author);
    expect((await feedOf(token)).advisories.edges[0].node).toMatchObject({ status: 'WITHDRAWN', title: null });
  });

  it('caches nothing but the feed: other fields, mutations and unauthenticated requests go through', async () => {
    const reader = await insertPerson(api.dataSource, { organisationId: orgId });
    const token = api.tokenFor(reader.id);
    const withMe = `{ me { id } advisories(first: 5) { edges { node { id } } } }`;
    await api.gqlOk(withMe, {}, token);
    expect((await outcomeOf(() => api.gqlOk(withMe, {}, token))).added).toEqual({ hit: 0, miss: 0, bypass: 1 });
    const anonymous = await api.gql(FEED, { first: 50 });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await api.gql(FEED, { first: 50 }, `${token}x`);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('decides cacheability from the selected fields, fragments included', () => {
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const cacheable = (query: string) => isCacheableFeedOperation(schema, parse(query));
    expect(
      cacheable(`{ advisories { totalCount edges { cursor node { id originator { name } audience { tiers } } } pageInfo { endCursor } } }`),
    ).toBe(true);
    expect(
      cacheable(`query { feed: advisories(first: 3) { ...E } } fragment E on AdvisoryConnection { edges { node { __typename id } } }`),
    ).toBe(true);
    expect(cacheable(`{ advisories { edges { node { id } } } me { id } }`)).toBe(false);
    expect(cacheable(`{ advisory(id: "x") { id } }`)).toBe(false);
    expect(cacheable(`{ advisories { edges { node { id } } } __schema { types { name } } }`)).toBe(false);
    expect(cacheable(`query { ...Q } fragment Q on Query { me { id } }`)).toBe(false);
    expect(cacheable(`mutation { withdrawAdvisory(id: "x", reason: "r") { id } }`)).toBe(false);
  });

  it('pins the fields of the cacheable types: a new field is looked at before it is cached', () => {
    // Each of these is computed from the advisories and organisations rows and the reader alone.
    // A field added to one of these types must be, too (or the type leave CACHEABLE_FEED_FIELDS).
    const schema = api.app.get(GraphQLSchemaHost).schema;
    const fields = Object.fromEntries(
      Object.keys(CACHEABLE_FEED_FIELDS)
        .filter((type) => type !== 'Query')
        .map((type) => [type, Object.keys((schema.getType(type) as GraphQLObjectType).getFields()).sort()]),
    );
    expect(fields).toEqual({
      AdvisoryConnection: ['edges', 'pageInfo', 'totalCount'],
      AdvisoryEdge: ['cursor', 'node'],
      PageInfo: ['endCursor', 'hasNextPage'],
      Advisory: [
        'access',
        'audience',
        'body',
        'classification',
        'id',
        'indicators',
        'originator',
        'publishedAt',
        'recommendedActions',
        'rejectionReason',
        'severity',
        'status',
        'summary',
        'title',
        'tlp',
        'updatedAt',
        'version',
        'withdrawalReason',
      ],
      Audience: ['noForeign', 'organisationIds', 'personIds', 'regions', 'sectors', 'tiers'],
      Organisation: [
        'active',
        'agreementExpiresAt',
        'escalationDelaySeconds',
        'facilityClearanceExpiresAt',
        'foreign',
        'id',
        'kind',
        'municipality',
        'name',
        'prefecture',
        'sectors',
        'tier',
      ],
    });
  });
});
