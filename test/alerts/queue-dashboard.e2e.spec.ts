import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { MembershipTier, Role } from '../../libs/platform/src/vocabulary';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { BOOTSTRAP_ADMIN, startTestApp, type TestApp } from '../support/test-app';

const QUEUES = ['alert-fanout', 'alert-delivery', 'alert-escalation', 'alert-digest', 'incident-delivery'];

describe('the BullMQ dashboard at /admin/queues: the active secretariat only', () => {
  let api: TestApp;
  const people: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApp();
    const ds = api.dataSource;
    const org = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    people.member = (await insertPerson(ds, { email: 'member@dash.example.test', organisationId: org.id })).id;
    people.orgAdmin = (await insertPerson(ds, { email: 'admin@dash.example.test', organisationId: org.id, roles: [Role.ORG_ADMIN] })).id;
    people.formerSecretariat = (await insertPerson(ds, { email: 'former@dash.example.test', roles: [Role.SECRETARIAT] })).id;
    const [admin] = await ds.query(`SELECT id, roles FROM persons WHERE email = $1`, [BOOTSTRAP_ADMIN.email]);
    expect(admin.roles).toContain(Role.SECRETARIAT);
    people.secretariat = admin.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${api.url}${path}`, { headers, redirect: 'manual' });
  const bearer = (name: string) => ({ authorization: `Bearer ${api.tokenFor(people[name])}` });

  it('unauthenticated: 401, for the page and its API', async () => {
    for (const path of ['/admin/queues', '/admin/queues/', '/admin/queues/api/queues']) {
      const response = await get(path);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      const body = (await response.json()) as { errors: Array<{ extensions: { code: string } }> };
      expect(body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    }
    expect((await get('/admin/queues/api/queues', { authorization: 'Bearer not-a-token' })).status).toBe(401);
  });

  it('a member or an ORG_ADMIN: 403', async () => {
    for (const name of ['member', 'orgAdmin']) {
      const response = await get('/admin/queues/api/queues', bearer(name));
      expect(response.status).toBe(403);
      expect(JSON.stringify(await response.json())).toContain('Only the secretariat');
      expect((await fetch(`${api.url}/admin/session`, { method: 'POST', headers: bearer(name) })).status).toBe(403);
    }
  });

  it('the secretariat with a Bearer token: 200 and every alert queue listed, read-only', async () => {
    const response = await get('/admin/queues/api/queues', bearer('secretariat'));
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = (await response.json()) as { queues: Array<{ name: string; readOnlyMode: boolean }> };
    expect(body.queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
    const page = await get('/admin/queues', bearer('secretariat'));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Council delivery queues');
    // No action through the dashboard: retries go through the audited retryAlertDelivery.
    const retry = await fetch(`${api.url}/admin/queues/api/queues/alert-delivery/retry/failed`, {
      method: 'PUT',
      headers: bearer('secretariat'),
    });
    expect(retry.status).toBe(403);
  });

  it('a browser: POST /admin/session with the Bearer token sets a short-lived HttpOnly SameSite=Strict cookie that opens the dashboard', async () => {
    expect((await fetch(`${api.url}/admin/session`, { method: 'POST' })).status).toBe(401);
    const session = await fetch(`${api.url}/admin/session`, { method: 'POST', headers: bearer('secretariat') });
    expect(session.status).toBe(204);
    const setCookie = session.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^council_queue_dashboard=[^;]+; Max-Age=900; Path=\/admin; HttpOnly; SameSite=Strict/);
    const cookie = setCookie.split(';')[0];
    // The page and its static assets load with the cookie alone, as a browser loads them.
    const html = await (await get('/admin/queues', { cookie })).text();
    expect(html).toMatch(/<base href="\/admin\/queues\/?"/);
    const asset = `/admin/queues/${/src="(static\/js\/main[^"]+\.js)"/.exec(html)?.[1]}`;
    expect(asset).toMatch(/main.+\.js$/);
    expect((await get(asset, { cookie })).status).toBe(200);
    expect((await get(asset)).status).toBe(401);
    const listed = await get('/admin/queues/api/queues', { cookie });
    expect(listed.status).toBe(200);
    expect(((await listed.json()) as { queues: Array<{ name: string }> }).queues.map((q) => q.name).sort()).toEqual([...QUEUES].sort());
    // The cookie cannot get another cookie (only a Bearer token can), and a tampered one is refused.
    expect((await fetch(`${api.url}/admin/session`, { method: 'POST', headers: { cookie } })).status).toBe(401);
    const tampered = cookie.replace(people.secretariat, people.member);
    expect((await get('/admin/queues/api/queues', { cookie: tampered })).status).toBe(401);
  });

  it('a secretariat person who is deactivated or loses the role is refused at once, cookie or not', async () => {
    const session = await fetch(`${api.url}/admin/session`, { method: 'POST', headers: bearer('formerSecretariat') });
    expect(session.status).toBe(204);
    const cookie = (session.headers.get('set-cookie') ?? '').split(';')[0];
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(200);
    await api.dataSource.query(`UPDATE persons SET roles = '{}' WHERE id = $1`, [people.formerSecretariat]);
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(403);
    await api.dataSource.query(`UPDATE persons SET roles = '{SECRETARIAT}', active = false WHERE id = $1`, [people.formerSecretariat]);
    expect((await get('/admin/queues/api/queues', { cookie })).status).toBe(401);
    expect((await get('/admin/queues/api/queues', bearer('formerSecretariat'))).status).toBe(401);
  });
});
