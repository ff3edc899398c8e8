import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MembershipTier, Role, type Sector } from '../../libs/platform/src/vocabulary';
import { ADVISORIES_COLLECTION_ID } from '../../libs/feeds/src/taxii/taxii-resources';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const TAXII = 'application/taxii+json;version=2.1';
const OBJECTS = `/taxii2/council/collections/${ADVISORIES_COLLECTION_ID}/objects/`;
const CREATE_TOKEN = `mutation($input: CreateFeedTokenInput!) { createFeedToken(input: $input) { token } }`;

/** Review of issue 5: what the feeds answer to input that only looks valid. */
describe('review: TAXII timestamps that JavaScript accepts and PostgreSQL does not', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp();
    const org = await insertOrganisation(t.dataSource, {
      name: 'Review Bank',
      tier: MembershipTier.CLASS_1,
      sectors: ['FINANCE'] as Sector[],
    });
    const person = await insertPerson(t.dataSource, { organisationId: org.id, roles: [Role.ANALYST], displayName: 'Review Reader' });
    token = (await t.gqlOk(CREATE_TOKEN, { input: { name: 'review' } }, t.tokenFor(person.id))).createFeedToken.token;
  });
  afterAll(async () => {
    await t.close();
  });

  const pull = async (query: string) => {
    const response = await fetch(`${t.url}${OBJECTS}?${query}`, { headers: { accept: TAXII, authorization: `Bearer ${token}` } });
    return { status: response.status, body: JSON.parse(await response.text()) };
  };

  it('refuses added_after on a day the month does not have with a TAXII 400, not a 500', async () => {
    for (const stamp of ['2026-02-30T00:00:00Z', '2026-04-31T12:00:00.000Z', '2025-02-29T00:00:00Z']) {
      const refused = await pull(`added_after=${stamp}`);
      expect({ stamp, status: refused.status, http_status: refused.body.http_status }).toEqual({ stamp, status: 400, http_status: '400' });
      expect(refused.body.description).toMatch(/added_after/);
    }
    // A real leap day is fine.
    expect((await pull('added_after=2024-02-29T00:00:00Z')).status).toBe(200);
  });

  it('refuses a next token naming a day the month does not have with a TAXII 400, not a 500', async () => {
    const forged = Buffer.from('2026-02-30T00:00:00.000000Z|00000000-0000-0000-0000-000000000001|1000000', 'utf8').toString('base64url');
    const refused = await pull(`next=${forged}`);
    expect({ status: refused.status, http_status: refused.body.http_status }).toEqual({ status: 400, http_status: '400' });
    expect(refused.body.description).toMatch(/next/);
  });
});
