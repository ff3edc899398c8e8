import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Classification, ClearanceLevel, MembershipTier, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectRefusal } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const CREATE = `mutation($input: CreateFeedTokenInput!) {
  createFeedToken(input: $input) { token feedToken { id name createdAt expiresAt revokedAt lastUsedAt } }
}`;
const MINE = `{ myFeedTokens { id name createdAt expiresAt revokedAt lastUsedAt } }`;
const REVOKE = `mutation($id: ID!) { revokeFeedToken(id: $id) { id name revokedAt } }`;
const ATOM = '/feeds/advisories.atom';

interface Created {
  token: string;
  feedToken: { id: string; name: string; createdAt: string; expiresAt: string | null; revokedAt: string | null; lastUsedAt: string | null };
}

describe('feed tokens', () => {
  let api: TestApp;
  let author: { id: string };

  beforeAll(async () => {
    api = await startTestApp();
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 });
    author = await insertPerson(api.dataSource, { organisationId: org.id });
  });
  afterAll(async () => {
    await api.close();
  });

  async function newMember(fields: Parameters<typeof insertPerson>[1] = {}) {
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2, facilityClearanceExpiresAt: inDays(300) });
    const person = await insertPerson(api.dataSource, { organisationId: org.id, ...fields });
    return { person, org, accessToken: api.tokenFor(person.id) };
  }

  async function createToken(accessToken: string, input: Record<string, unknown> = { name: 'SOC reader' }): Promise<Created> {
    const data = await api.gqlOk<{ createFeedToken: Created }>(CREATE, { input }, accessToken);
    return data.createFeedToken;
  }

  function pull(headers: Record<string, string> = {}, query = ''): Promise<Response> {
    return fetch(`${api.url}${ATOM}${query}`, { headers });
  }

  const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

  it('creates a named token, shows the secret once, lists and revokes it, and audits both', async () => {
    const { person, accessToken } = await newMember();
    const expiresAt = inDays(30).toISOString();
    const created = await createToken(accessToken, { name: '  Prefecture SOC reader  ', expiresAt });
    expect(created.token).toMatch(/^cft_[A-Za-z0-9_-]{43}$/);
    expect(created.feedToken).toMatchObject({ name: 'Prefecture SOC reader', expiresAt, revokedAt: null, lastUsedAt: null });

    const [row] = await api.dataSource.query(`SELECT * FROM feed_tokens WHERE id = $1`, [created.feedToken.id]);
    expect(row.secret_hash).toBe(createHash('sha256').update(created.token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(4));

    const listed = await api.gqlOk<{ myFeedTokens: Created['feedToken'][] }>(MINE, {}, accessToken);
    expect(listed.myFeedTokens).toEqual([created.feedToken]);
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(4));
    const asking = await api.gql(`{ myFeedTokens { id token } }`, {}, accessToken);
    expect(asking.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    expect((await pull(bearer(created.token))).status).toBe(200);
    const revoked = await api.gqlOk<{ revokeFeedToken: { id: string; revokedAt: string } }>(
      REVOKE,
      { id: created.feedToken.id },
      accessToken,
    );
    expect(revoked.revokeFeedToken.revokedAt).not.toBeNull();
    const refused = await pull(bearer(created.token));
    expect(refused.status).toBe(401);
    expect(refused.headers.get('www-authenticate')).toMatch(/Bearer realm="council-feeds"/);

    const again = await api.gqlOk<{ revokeFeedToken: { revokedAt: string } }>(REVOKE, { id: created.feedToken.id }, accessToken);
    expect(again.revokeFeedToken.revokedAt).toBe(revoked.revokeFeedToken.revokedAt);
    const audit = await api.dataSource.query(`SELECT action, actor_id, after FROM audit_log WHERE subject_id = $1 ORDER BY id`, [
      created.feedToken.id,
    ]);
    expect(audit.map((e: { action: string }) => e.action)).toEqual(['feedToken.created', 'feedToken.revoked']);
    expect(audit.every((e: { actor_id: string }) => e.actor_id === person.id)).toBe(true);
    expect(JSON.stringify(audit)).not.toContain(row.secret_hash);
  });

  it('accepts the token as Bearer, as the password of Basic, and as ?token= on the Atom feed', async () => {
    const { accessToken } = await newMember();
    const { token } = await createToken(accessToken);
    const basic = Buffer.from(`anyone:${token}`).toString('base64');
    expect((await pull(bearer(token))).status).toBe(200);
    expect((await pull({ authorization: `Basic ${basic}` })).status).toBe(200);
    expect((await pull({}, `?token=${token}`)).status).toBe(200);
    // A header that is present is the credential, even with a valid token in the URL.
    expect((await pull({ authorization: 'Bearer cft_wrong' }, `?token=${token}`)).status).toBe(401);
  });

  it('refuses missing, malformed, unknown and access tokens with 401 and a challenge', async () => {
    const { accessToken } = await newMember();
    for (const headers of <Array<Record<string, string>>>[
      {},
      { authorization: 'Bearer' },
      { authorization: `Bearer cft_${'A'.repeat(43)}` },
      { authorization: `Bearer ${accessToken}` },
      { authorization: `Basic ${Buffer.from('user-only').toString('base64')}` },
    ]) {
      const response = await pull(headers);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/Basic realm="council-feeds"/);
      const body = await response.text();
      expect(body).toMatch(/feed token/);
      expect(body).not.toMatch(/SELECT|stack|\.ts:\d+/);
    }
  });

  it('refuses an expired token', async () => {
    const { accessToken } = await newMember();
    const created = await createToken(accessToken, { name: 'short-lived', expiresAt: new Date(Date.now() + 60_000).toISOString() });
    expect((await pull(bearer(created.token))).status).toBe(200);
    await api.dataSource.query(`UPDATE feed_tokens SET expires_at = now() - interval '1 second' WHERE id = $1`, [created.feedToken.id]);
    expect((await pull(bearer(created.token))).status).toBe(401);
  });

  it('refuses the token of a person deactivated later, or of a deactivated organisation', async () => {
    const one = await newMember();
    const two = await newMember();
    const first = await createToken(one.accessToken);
    const second = await createToken(two.accessToken);
    expect((await pull(bearer(first.token))).status).toBe(200);
    await api.dataSource.query(`UPDATE persons SET active = false WHERE id = $1`, [one.person.id]);
    await api.dataSource.query(`UPDATE organisations SET active = false WHERE id = $1`, [two.org.id]);
    expect((await pull(bearer(first.token))).status).toBe(401);
    expect((await pull(bearer(second.token))).status).toBe(401);
  });

  it('never gives more than the person has now: a clearance revoked after creation takes the IESI view away', async () => {
    const { person, accessToken } = await newMember({ clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(100) });
    const secret = await insertAdvisory(api.dataSource, {
      authorId: author.id,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullTitle: 'IESI only title',
      fullBody: 'IESI body',
      audiencePersonIds: [person.id],
    });
    const { token } = await createToken(accessToken);
    const before = await (await pull(bearer(token))).text();
    expect(before).toContain(`urn:uuid:${secret.id}`);
    expect(before).toContain('IESI body');
    await api.dataSource.query(`UPDATE persons SET clearance_level = 'NONE', clearance_expires_at = NULL WHERE id = $1`, [person.id]);
    const after = await (await pull(bearer(token))).text();
    expect(after).not.toContain(secret.id);
    expect(after).not.toContain('IESI');
  });

  it('records when a token was last used, at most once a minute', async () => {
    const { accessToken } = await newMember();
    const created = await createToken(accessToken);
    await pull(bearer(created.token));
    const [first] = await api.dataSource.query(`SELECT last_used_at FROM feed_tokens WHERE id = $1`, [created.feedToken.id]);
    expect(first.last_used_at).not.toBeNull();
    await pull(bearer(created.token));
    const [second] = await api.dataSource.query(`SELECT last_used_at FROM feed_tokens WHERE id = $1`, [created.feedToken.id]);
    expect(second.last_used_at.getTime()).toBe(first.last_used_at.getTime());
    const listed = await api.gqlOk<{ myFeedTokens: Created['feedToken'][] }>(MINE, {}, accessToken);
    expect(listed.myFeedTokens[0].lastUsedAt).toBe(first.last_used_at.toISOString());
  });

  it('validates the name and expiry with clear messages', async () => {
    const { accessToken } = await newMember();
    expectRefusal(await api.gql(CREATE, { input: { name: '   ' } }, accessToken), 'BAD_USER_INPUT', /name/);
    expectRefusal(await api.gql(CREATE, { input: { name: 'x'.repeat(201) } }, accessToken), 'BAD_USER_INPUT', /name/);
    expectRefusal(
      await api.gql(CREATE, { input: { name: 'past', expiresAt: new Date(Date.now() - 1000).toISOString() } }, accessToken),
      'BAD_USER_INPUT',
      /expiresAt must be in the future/,
    );
    const mine = await api.gqlOk<{ myFeedTokens: unknown[] }>(MINE, {}, accessToken);
    expect(mine.myFeedTokens).toEqual([]);
  });

  it('lets nobody revoke or see the tokens of someone else: they look exactly like missing ones', async () => {
    const owner = await newMember();
    const other = await newMember();
    const created = await createToken(owner.accessToken);
    const foreign = await api.gql(REVOKE, { id: created.feedToken.id }, other.accessToken);
    const missing = await api.gql(REVOKE, { id: '5b0b7d4e-0000-4000-8000-000000000000' }, other.accessToken);
    const garbage = await api.gql(REVOKE, { id: 'not-a-uuid' }, other.accessToken);
    expect(expectRefusal(foreign, 'NOT_FOUND')).toBe(expectRefusal(missing, 'NOT_FOUND'));
    expect(expectRefusal(garbage, 'NOT_FOUND')).toBe(expectRefusal(missing, 'NOT_FOUND'));
    expect((await api.gqlOk<{ myFeedTokens: unknown[] }>(MINE, {}, other.accessToken)).myFeedTokens).toEqual([]);
    expect((await pull(bearer(created.token))).status).toBe(200);
  });

  it('needs a signed-in person for the token operations', async () => {
    expectRefusal(await api.gql(MINE, {}), 'UNAUTHENTICATED');
    expectRefusal(await api.gql(CREATE, { input: { name: 'x' } }), 'UNAUTHENTICATED');
  });

  it('caps active tokens at 20 per person; revoked ones do not count', async () => {
    const { accessToken } = await newMember();
    const created: Created[] = [];
    for (let i = 0; i < 20; i++) created.push(await createToken(accessToken, { name: `reader ${i}` }));
    expectRefusal(await api.gql(CREATE, { input: { name: 'one too many' } }, accessToken), 'CONFLICT', /20 active feed tokens/);
    await api.gqlOk(REVOKE, { id: created[0].feedToken.id }, accessToken);
    const replacement = await createToken(accessToken, { name: 'replacement' });
    const listed = await api.gqlOk<{ myFeedTokens: Created['feedToken'][] }>(MINE, {}, accessToken);
    expect(listed.myFeedTokens).toHaveLength(21);
    expect(listed.myFeedTokens[0].id).toBe(replacement.feedToken.id);
    expect(listed.myFeedTokens[20]).toMatchObject({ id: created[0].feedToken.id, revokedAt: expect.any(String) });
  });
});

describe('feed pull limits', () => {
  let api: TestApp;

  beforeAll(async () => {
    api = await startTestApp({
      COUNCIL_FEED_PULLS_PER_PERSON: '2',
      COUNCIL_FEED_PULLS_PER_ADDRESS: '5',
      COUNCIL_FEED_RATE_WINDOW_SECONDS: '60',
    });
    for (const name of ['COUNCIL_FEED_PULLS_PER_PERSON', 'COUNCIL_FEED_PULLS_PER_ADDRESS', 'COUNCIL_FEED_RATE_WINDOW_SECONDS']) {
      delete process.env[name];
    }
  });
  afterAll(async () => {
    await api.close();
  });

  it('answers 429 with Retry-After per person (all their tokens together) and per client address', async () => {
    const org = await insertOrganisation(api.dataSource);
    const person = await insertPerson(api.dataSource, { organisationId: org.id });
    const accessToken = api.tokenFor(person.id);
    const tokens: string[] = [];
    for (const name of ['one', 'two']) {
      const data = await api.gqlOk<{ createFeedToken: Created }>(CREATE, { input: { name } }, accessToken);
      tokens.push(data.createFeedToken.token);
    }
    const statuses: number[] = [];
    for (const token of [tokens[0], tokens[1], tokens[0]]) {
      const response = await fetch(`${api.url}${ATOM}`, { headers: { authorization: `Bearer ${token}` } });
      statuses.push(response.status);
      if (response.status === 429) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(Number(response.headers.get('retry-after'))).toBeLessThanOrEqual(60);
      }
    }
    expect(statuses).toEqual([200, 200, 429]);
    // Three pulls from this address so far; two more are allowed, then even unauthenticated ones wait.
    const anonymous = [];
    for (let i = 0; i < 3; i++) anonymous.push((await fetch(`${api.url}${ATOM}`)).status);
    expect(anonymous).toEqual([401, 401, 429]);
  });
});
