import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';

describe('the API process', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('is ready when PostgreSQL and Redis answer and migrations are applied', async () => {
    const response = await fetch(`${api.url}/health/ready`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ready', database: 'ok', redis: 'ok' });
  });

  it('refuses an operation without an access token, with no stack trace', async () => {
    const result = await api.gql('{ me { id } }');
    expect(result.errors?.[0]?.extensions).toEqual({ code: 'UNAUTHENTICATED' });
    expect(JSON.stringify(result)).not.toMatch(/stacktrace|at \w+ \(/);
  });

  it('refuses a token signed with another key', async () => {
    const forged = api.tokenFor('00000000-0000-0000-0000-000000000000').replace(/\.[^.]+$/, '.AAAA');
    const result = await api.gql('{ me { id } }', {}, forged);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a request body over 1 MB with 413', async () => {
    const response = await fetch(`${api.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ me { id } }`, variables: { pad: 'x'.repeat(1_100_000) } }),
    });
    expect(response.status).toBe(413);
  });
});
