import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertPerson } from '../support/council-fixtures';
import { expectNothingInternal } from '../support/membership-session';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

/**
 * Regressions found by graphql-fuzz.e2e.spec.ts (issue 7): malformed requests are the client's
 * fault and are answered as such.
 */
describe('malformed requests are refused as the client’s fault', () => {
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    api = await startTestApp();
    token = api.tokenFor((await insertPerson(api.dataSource)).id);
  });

  afterAll(async () => {
    await api.close();
  });

  async function post(body: unknown): Promise<{ status: number; body: GraphQLResponse }> {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as GraphQLResponse };
  }

  it('a syntax error is a 400 GRAPHQL_PARSE_FAILED, not a 500 (graphql-armor re-parsed documents inside an Apollo hook)', async () => {
    const answer = await post({ query: '{ me { id } ' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(answer.body.errors?.[0].message).toMatch(/Syntax Error/);
    expectNothingInternal(answer.body);
  });

  it('a syntax error sent with GET is a 400 too', async () => {
    const response = await fetch(`${api.url}/graphql?query=${encodeURIComponent('& nonsense')}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${token}` },
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphQLResponse;
    expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('admits 4,000 tokens and refuses 4,001 with a 400 that names the limit', async () => {
    // 16 tokens around a list of n enum values.
    const document = (n: number) => `{ advisories(filter: { sectors: [${'FINANCE '.repeat(n)}] }) { totalCount } }`;
    const parsed = await post({ query: document(3_984) });
    expect(parsed.body.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('GRAPHQL_PARSE_FAILED');
    expect(parsed.status).toBeLessThan(500);
    const refused = await post({ query: document(3_985) });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(refused.body.errors?.[0].message).toMatch(/4000 tokens/);
  });

  it('more than 50 bad variable values: every error is BAD_USER_INPUT, none an internal error', async () => {
    const answer = await post({
      query: 'query($filter: AdvisoryFilter) { advisories(filter: $filter) { totalCount } }',
      variables: { filter: { status: Array.from({ length: 60 }, () => 'rejected') } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors!.length).toBeGreaterThan(50);
    expect(answer.body.errors!.map((e) => e.extensions?.code).filter((code) => code !== 'BAD_USER_INPUT')).toEqual([]);
    expect(answer.body.errors!.at(-1)!.message).toMatch(/Too many errors processing variables/);
    expectNothingInternal(answer.body);
  });

  it('a subscription sent over HTTP is a 400 that points to WebSocket, not an internal error', async () => {
    const answer = await post({ query: 'subscription { alertReceived { id } }' });
    expect(answer.status).toBe(400);
    expect(answer.body.errors?.[0].extensions?.code).toBe('BAD_REQUEST');
    expect(answer.body.errors?.[0].message).toMatch(/WebSocket/);
  });

  it('a persisted-query hash that does not match its query is a BAD_REQUEST with Apollo’s message', async () => {
    const answer = await post({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'abc' } } });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([{ message: 'provided sha does not match query', extensions: { code: 'BAD_REQUEST' } }]);
  });

  it('a NUL character in any text is refused at the edge, inline or in variables (PostgreSQL cannot store it)', async () => {
    const login = 'mutation($email: String!) { login(email: $email, password: "wrong password") { accessToken } }';
    for (const body of [
      { query: login, variables: { email: 'a\u0000b@example.test' } },
      { query: 'mutation { login(email: "a\\u0000b@example.test", password: "x") { accessToken } }' },
      { query: 'query($f: AdvisoryFilter) { advisories(filter: $f) { totalCount } }', variables: { f: { text: 'x\u0000' } } },
    ]) {
      const answer = await post(body);
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        { message: 'Text may not contain NUL characters (U+0000)', extensions: { code: 'BAD_USER_INPUT' } },
      ]);
    }
  });
});
