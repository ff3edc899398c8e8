import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildCouncil, lifecycleSteps, type LifecycleCouncil } from '../advisories/lifecycle-council';
import { startWebhookReceiver } from './alert-receivers';
import { addWebhook, expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const PUBLIC_URL = 'https://council.example';

describe('end to end: a member writes, the secretariat approves, an eligible member’s receiver gets one signed delivery', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let council: LifecycleCouncil;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    api = await startTestApp({ COUNCIL_PUBLIC_URL: PUBLIC_URL, COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50', COUNCIL_ALERT_BACKOFF_MS: '50' });
    worker = await startWorker();
    council = await buildCouncil(api);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
  });

  it('createAdvisory → submitAdvisory → approveAdvisory: exactly one signed webhook to the reader, none to the author', async () => {
    const reader = await addWebhook(api, council.reader.token, `${hooks.url}/ok/reader`, 'MEDIUM');
    await addWebhook(api, council.author.token, `${hooks.url}/ok/author`, 'INFO');
    // Not a member (the organisation's agreement lapsed): rule A does not give them the confidential view.
    await addWebhook(api, council.nonMember.token, `${hooks.url}/ok/non-member`, 'INFO');

    const advisoryId = await lifecycleSteps(api, council).published(council.author, { severity: 'HIGH' });

    await waitFor('the reader’s delivery', () => hooks.received.some((w) => w.path === '/ok/reader'));
    // Let anything else the pipeline might (wrongly) send arrive.
    await waitFor('every delivery to settle', async () => {
      const [{ pending }] = await api.dataSource.query(
        `SELECT count(*)::int AS pending FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
         WHERE al.advisory_id = $1 AND d.status = 'PENDING'`,
        [advisoryId],
      );
      return pending === 0;
    });
    await sleep(QUIET_MS);

    const toReader = hooks.received.filter((w) => w.path === '/ok/reader');
    expect(toReader).toHaveLength(1);
    expectSignedWith(toReader[0], reader.secret);
    const body = JSON.parse(toReader[0].body);
    expect(body).toMatchObject({
      event: 'advisory.published',
      advisoryId,
      severity: 'HIGH',
      access: 'FULL',
      // COUNCIL_CONFIDENTIAL full view: only the placeholder leaves the platform.
      title: 'HIGH advisory — sign in to read',
      recommendedActions: null,
      url: `${PUBLIC_URL}/advisories/${advisoryId}`,
    });
    const [delivery] = await api.dataSource.query(`SELECT id, status FROM alert_deliveries WHERE id = $1`, [body.deliveryId]);
    expect(delivery).toEqual({ id: body.deliveryId, status: 'DELIVERED' });

    expect(hooks.received.filter((w) => w.path === '/ok/author')).toEqual([]);
    expect(hooks.received.filter((w) => w.path === '/ok/non-member')).toEqual([]);
    const recipients: Array<{ person_id: string }> = await api.dataSource.query(`SELECT person_id FROM alerts WHERE advisory_id = $1`, [
      advisoryId,
    ]);
    expect(recipients.map((r) => r.person_id)).toContain(council.reader.id);
    expect(recipients.map((r) => r.person_id)).not.toContain(council.author.id);
    // The in-app alert is listed for the reader, not for the author.
    const ALERTS = `query { myAlerts { id severity advisory { id access } } }`;
    expect((await api.gqlOk(ALERTS, {}, council.reader.token)).myAlerts).toEqual([
      { id: body.alertId, severity: 'HIGH', advisory: { id: advisoryId, access: 'FULL' } },
    ]);
    expect((await api.gqlOk(ALERTS, {}, council.author.token)).myAlerts).toEqual([]);
  });
});
