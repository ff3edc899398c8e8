import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AdvisoryStatus, Classification, MembershipTier, Role, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectRefusal, signInAsBootstrapAdmin } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { startWebhookReceiver } from './alert-receivers';
import { addWebhook, expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const DELIVERY = 'id alertId advisoryId personId severity channelId channelKind target status attempts lastError createdAt deliveredAt';
const MINE = `query Mine { myFailedDeliveries { ${DELIVERY} } }`;
const ALERTS = `query { myAlerts { id deliveries { ${DELIVERY} } } }`;
const FAILED = `query Failed($advisoryId: ID!) { failedAlertDeliveries(advisoryId: $advisoryId) { ${DELIVERY} } }`;
const RETRY = `mutation Retry($id: ID!) { retryAlertDelivery(id: $id) { ${DELIVERY} } }`;

describe('failed alert deliveries: visible to the person and the secretariat, retried by the secretariat', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let secretariat: { id: string; token: string };
  const people: Record<string, { id: string; token: string }> = {};
  let secretOfBroken: string;
  let advisoryId: string;
  let failedId: string;

  const BROKEN_PATH = '/broken/alice';
  const brokenTarget = () => `${hooks.url}${BROKEN_PATH}?token=receiver-credential-123`;

  async function statusOf(id: string): Promise<{ status: string; attempts: number }> {
    const [row] = await api.dataSource.query(`SELECT status, attempts FROM alert_deliveries WHERE id = $1`, [id]);
    return row;
  }

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    api = await startTestApp({
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '2',
    });
    worker = await startWorker();
    secretariat = await signInAsBootstrapAdmin(api);
    const ds = api.dataSource;
    const org = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2 });
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1]) => {
      const p = await insertPerson(ds, fields);
      people[name] = { id: p.id, token: api.tokenFor(p.id) };
    };
    await person('author', { organisationId: org.id });
    await person('alice', { organisationId: org.id });
    await person('bob', { organisationId: org.id });
    await person('orgAdmin', { organisationId: org.id, roles: [Role.ORG_ADMIN] });
    await person('auditor', { roles: [Role.AUDITOR] });

    hooks.failing.add(BROKEN_PATH);
    secretOfBroken = (await addWebhook(api, people.alice.token, brokenTarget(), 'LOW')).secret;
    await addWebhook(api, people.alice.token, `${hooks.url}/ok/alice`, 'LOW');
    await addWebhook(api, people.bob.token, `${hooks.url}/ok/bob`, 'LOW');

    const advisory = await insertAdvisory(ds, {
      authorId: people.author.id,
      severity: Severity.MEDIUM,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.GREEN,
      fullTitle: 'Delivery troubles',
    });
    advisoryId = advisory.id;
    await ds.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now())`,
      [advisory.id],
    );
    await waitFor('the deliveries to settle', async () => {
      const rows: Array<{ status: string }> = await ds.query(
        `SELECT d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.advisory_id = $1`,
        [advisory.id],
      );
      return rows.length === 3 && rows.every((r) => r.status !== 'PENDING');
    });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
  });

  it('shows the person their own failed delivery, with their full target, and every delivery of an alert', async () => {
    const mine = (await api.gqlOk(MINE, {}, people.alice.token)).myFailedDeliveries;
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      advisoryId,
      personId: people.alice.id,
      severity: 'MEDIUM',
      channelKind: 'WEBHOOK',
      target: brokenTarget(),
      status: 'FAILED',
      attempts: 2,
      lastError: 'receiver answered HTTP 503',
      deliveredAt: null,
    });
    failedId = mine[0].id;

    const alerts = (await api.gqlOk(ALERTS, {}, people.alice.token)).myAlerts;
    expect(alerts).toHaveLength(1);
    expect(alerts[0].deliveries.map((d: { status: string; target: string }) => [d.status, new URL(d.target).pathname]).sort()).toEqual([
      ['DELIVERED', '/ok/alice'],
      ['FAILED', BROKEN_PATH],
    ]);
    expect((await api.gqlOk(MINE, {}, people.bob.token)).myFailedDeliveries).toEqual([]);
    expect((await api.gqlOk(ALERTS, {}, people.bob.token)).myAlerts[0].deliveries).toEqual([
      expect.objectContaining({ status: 'DELIVERED', personId: people.bob.id }),
    ]);
  });

  it('shows the secretariat the failed deliveries of an advisory, the target reduced to its origin', async () => {
    const failed = (await api.gqlOk(FAILED, { advisoryId }, secretariat.token)).failedAlertDeliveries;
    expect(failed).toEqual([
      expect.objectContaining({ id: failedId, personId: people.alice.id, status: 'FAILED', attempts: 2, target: hooks.url }),
    ]);
    expect(JSON.stringify(failed)).not.toContain('receiver-credential-123');
  });

  it('refuses everyone else the secretariat’s view, and refuses bad ids', async () => {
    for (const name of ['alice', 'orgAdmin', 'auditor']) {
      expectRefusal(await api.gql(FAILED, { advisoryId }, people[name].token), 'FORBIDDEN', /Only the secretariat/);
    }
    expectRefusal(await api.gql(FAILED, { advisoryId }), 'UNAUTHENTICATED');
    expectRefusal(await api.gql(FAILED, { advisoryId: '00000000-0000-4000-8000-000000000000' }, secretariat.token), 'NOT_FOUND');
    expectRefusal(await api.gql(FAILED, { advisoryId: 'not-a-uuid' }, secretariat.token), 'BAD_USER_INPUT');
    // A member's draft does not exist for the secretariat: it answers as a missing id does.
    const draft = await insertAdvisory(api.dataSource, { authorId: people.author.id, status: AdvisoryStatus.DRAFT });
    expectRefusal(await api.gql(FAILED, { advisoryId: draft.id }, secretariat.token), 'NOT_FOUND');
    expectRefusal(await api.gql(MINE, {}), 'UNAUTHENTICATED');
  });

  it('refuses a retry to anyone but the secretariat, even of their own delivery, and of a delivery that did not fail', async () => {
    for (const name of ['alice', 'bob', 'orgAdmin', 'auditor']) {
      expectRefusal(await api.gql(RETRY, { id: failedId }, people[name].token), 'FORBIDDEN', /Only the secretariat/);
    }
    expectRefusal(await api.gql(RETRY, { id: failedId }), 'UNAUTHENTICATED');
    const [delivered] = await api.dataSource.query(`SELECT id FROM alert_deliveries WHERE status = 'DELIVERED' LIMIT 1`);
    expectRefusal(await api.gql(RETRY, { id: delivered.id }, secretariat.token), 'CONFLICT', /Only a FAILED delivery/);
    expectRefusal(await api.gql(RETRY, { id: '00000000-0000-4000-8000-000000000000' }, secretariat.token), 'NOT_FOUND');
    await sleep(QUIET_MS);
    expect(await statusOf(failedId)).toEqual({ status: 'FAILED', attempts: 2 });
  });

  it('retries a failed delivery under the same delivery id once the receiver is back, and records who did', async () => {
    const before = hooks.received.filter((w) => w.headers['x-council-delivery'] === failedId);
    expect(before.map((w) => w.status)).toEqual([503, 503]);
    hooks.failing.delete(BROKEN_PATH);

    const retried = (await api.gqlOk(RETRY, { id: failedId }, secretariat.token)).retryAlertDelivery;
    expect(retried).toMatchObject({ id: failedId, target: hooks.url });
    expect(['PENDING', 'DELIVERED']).toContain(retried.status);
    await waitFor('the retried delivery', async () => (await statusOf(failedId)).status === 'DELIVERED');
    await sleep(QUIET_MS);
    expect(await statusOf(failedId)).toEqual({ status: 'DELIVERED', attempts: 3 });
    const after = hooks.received.filter((w) => w.headers['x-council-delivery'] === failedId);
    expect(after.map((w) => w.status)).toEqual([503, 503, 204]);
    expectSignedWith(after[2], secretOfBroken);
    expect(JSON.parse(after[2].body).deliveryId).toBe(failedId);

    const audit = await api.dataSource.query(
      `SELECT actor_id, action FROM audit_log WHERE subject_type = 'AlertDelivery' AND subject_id = $1`,
      [failedId],
    );
    expect(audit).toEqual([{ actor_id: secretariat.id, action: 'alert.delivery.retried' }]);
    expect((await api.gqlOk(FAILED, { advisoryId }, secretariat.token)).failedAlertDeliveries).toEqual([]);
    expect((await api.gqlOk(MINE, {}, people.alice.token)).myFailedDeliveries).toEqual([]);
    expectRefusal(await api.gql(RETRY, { id: failedId }, secretariat.token), 'CONFLICT', /Only a FAILED delivery/);
  });
});
