import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the limits every deployment has (RUNNING.md)', () => {
  let api: TestApp;
  let token: string;
  beforeAll(async () => {
    api = await startTestApp();
    token = api.tokenFor((await insertPerson(api.dataSource)).id);
  });
  afterAll(async () => {
    await api.close();
  });

  const expectRefused = (result: Awaited<ReturnType<TestApp['gql']>>, message: RegExp) => {
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(message);
    expect(JSON.stringify(result)).not.toMatch(/stacktrace/);
  };

  it('refuses a query deeper than 12', async () => {
    const typeRef = (depth: number): string => (depth === 0 ? 'name' : `name ofType { ${typeRef(depth - 1)} }`);
    // __type(1) > fields(2) > type(3) > ofType... : depth 3 + n
    const query = (n: number) => `{ __type(name: "Advisory") { fields { type { ${typeRef(n)} } } } }`;
    expect((await api.gql(query(8), {}, token)).errors).toBeUndefined();
    expectRefused(await api.gql(query(12), {}, token), /depth/i);
  });

  it('refuses more than 30 aliases', async () => {
    const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    expect((await api.gql(aliases(30), {}, token)).errors).toBeUndefined();
    expectRefused(await api.gql(aliases(31), {}, token), /alias/i);
  });

  it('refuses a document with two operations', async () => {
    const result = await api.gql('query A { me { id } } query B { me { id } }', {}, token);
    expectRefused(result, /one operation|1 operation/);
  });

  it('refuses a batched request', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify([{ query: '{ me { id } }' }, { query: '{ me { id } }' }]),
    });
    expect(response.status).toBe(400);
  });
});

describe('introspection outside production', () => {
  it('still answers the standard introspection query (tools and contract checks rely on it)', async () => {
    const api = await startTestApp();
    try {
      const { getIntrospectionQuery } = await import('graphql');
      const result = await api.gql(getIntrospectionQuery());
      expect(result.errors).toBeUndefined();
    } finally {
      await api.close();
    }
  });
});

describe('the query cost cap', () => {
  const page = (alias: string) =>
    `${alias}: advisories(first: 200) { totalCount pageInfo { endCursor hasNextPage } edges { cursor node {
      id access status severity version classification tlp title summary body recommendedActions indicators
      withdrawalReason rejectionReason publishedAt updatedAt
      originator { id name kind tier sectors prefecture municipality foreign active agreementExpiresAt facilityClearanceExpiresAt }
      audience { tiers sectors regions organisationIds personIds noForeign } } } }`;

  it('admits the largest page with every field, and refuses several of them in one request', async () => {
    const api = await startTestApp();
    try {
      const token = api.tokenFor((await insertPerson(api.dataSource)).id);
      expect((await api.gql(`{ ${page('a')} }`, {}, token)).errors).toBeUndefined();
      const heavy = await api.gql(`{ ${page('a')} ${page('b')} }`, {}, token);
      expect(heavy.errors?.[0]?.message).toMatch(/cost/i);
    } finally {
      await api.close();
    }
  });
});
