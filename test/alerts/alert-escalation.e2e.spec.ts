import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Queue } from 'bullmq';
import { AlertEscalationService } from '../../libs/alerts/src/escalation/alert-escalation.service';
import { ESCALATION_QUEUE, escalationJobId } from '../../libs/alerts/src/queues/alert-queues';
import { Classification, MembershipTier, Role, Sector, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { startWebhookReceiver } from './alert-receivers';
import { addWebhook, expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const ACK = `mutation Ack($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt escalatedAt escalation } }`;
const ALERTS = `query { myAlerts { id severity acknowledgedAt escalatedAt escalation advisory { id } } }`;
const DELAY_SECONDS = 3;

interface AlertRow {
  id: string;
  person_id: string;
  escalated_at: Date | null;
  escalation_of: string | null;
  event: string;
  outbox_event: string;
}

describe('escalation of unacknowledged CRITICAL alerts (ALERTS.md "Urgency")', () => {
  let api: TestApp;
  let worker: INestApplication;
  let escalations: Queue;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  const people: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  let advisoryId: string;
  let eventId: string;

  const token = (name: string) => api.tokenFor(people[name]);
  const nameOf = (id: string) => Object.entries(people).find(([, v]) => v === id)?.[0] ?? id;

  async function alertsOf(where: string, values: unknown[] = []): Promise<AlertRow[]> {
    return api.dataSource.query(
      `SELECT al.id, al.person_id, al.escalated_at, al.escalation_of, al.event, o.event AS outbox_event
       FROM alerts al JOIN outbox_events o ON o.id = al.outbox_event_id WHERE ${where} ORDER BY al.created_at, al.id`,
      values,
    );
  }
  const originalOf = async (name: string): Promise<AlertRow> =>
    (await alertsOf('al.outbox_event_id = $1 AND al.person_id = $2', [eventId, people[name]]))[0];

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    api = await startTestApp({ COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50', COUNCIL_ALERT_BACKOFF_MS: '50' });
    worker = await startWorker();
    escalations = worker.get<Queue>(ESCALATION_QUEUE);

    const ds = api.dataSource;
    const authorOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    const org = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2 });
    await ds.query(`UPDATE organisations SET escalation_delay_seconds = $2 WHERE id = $1`, [org.id, DELAY_SECONDS]);
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1]) => {
      people[name] = (await insertPerson(ds, fields)).id;
    };
    await person('author', { organisationId: authorOrg.id, roles: [Role.ORG_ADMIN] });
    await person('analyst', { organisationId: org.id, roles: [Role.ANALYST] });
    await person('analyst2', { organisationId: org.id, roles: [Role.ANALYST] });
    await person('sleepy', { organisationId: org.id, roles: [Role.ANALYST] });
    await person('ciso', { organisationId: org.id, roles: [Role.CISO] });
    await person('admin', { organisationId: org.id, roles: [Role.ORG_ADMIN, Role.ANALYST] });
    await person('retiredCiso', { organisationId: org.id, roles: [Role.CISO] });
    await person('lapsedCiso', { organisationId: org.id, roles: [Role.CISO], pledgeExpiresAt: inDays(-1) });
    await person('individual', { individualTier: MembershipTier.CLASS_2 });
    secrets.ciso = (await addWebhook(api, token('ciso'), `${hooks.url}/ok/ciso`, 'HIGH')).secret;
    secrets.admin = (await addWebhook(api, token('admin'), `${hooks.url}/ok/admin`, 'CRITICAL')).secret;
    await addWebhook(api, token('analyst2'), `${hooks.url}/ok/analyst2`, 'INFO');
    await addWebhook(api, token('retiredCiso'), `${hooks.url}/ok/retired`, 'INFO');

    const advisory = await insertAdvisory(ds, {
      authorId: people.author,
      originatorOrgId: authorOrg.id,
      severity: Severity.CRITICAL,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'Wormable flaw',
    });
    advisoryId = advisory.id;
    const [row] = await ds.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    eventId = String(row.id);
    await waitFor('the fan-out', async () => {
      const [o] = await ds.query(`SELECT fanned_out_at FROM outbox_events WHERE id = $1`, [eventId]);
      return o.fanned_out_at !== null;
    });
    // Deactivated once their original alert was delivered (a send to an inactive person would be
    // cancelled): they had it, but an inactive person is never escalated to.
    await waitFor('the retired CISO’s delivery', async () => {
      const rows: Array<{ status: string }> = await ds.query(
        `SELECT d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.outbox_event_id = $1 AND al.person_id = $2`,
        [eventId, people.retiredCiso],
      );
      return rows.length === 1 && rows[0].status === 'DELIVERED';
    });
    await ds.query(`UPDATE persons SET active = false WHERE id = $1`, [people.retiredCiso]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
  });

  it('schedules one delayed job per CRITICAL alert of a person whose organisation has someone to escalate to', async () => {
    const originals = await alertsOf('al.outbox_event_id = $1', [eventId]);
    // The lapsed CISO is not a member: rule A gives them nothing, so no alert at all.
    expect(originals.map((a) => nameOf(a.person_id)).sort()).toEqual(
      ['analyst', 'analyst2', 'sleepy', 'ciso', 'admin', 'retiredCiso', 'individual'].sort(),
    );
    for (const name of ['analyst', 'analyst2', 'sleepy', 'ciso', 'admin']) {
      const job = await escalations.getJob(escalationJobId((await originalOf(name)).id));
      expect(job).toBeDefined();
      expect(job!.opts.delay).toBeGreaterThan(0);
      expect(job!.opts.delay).toBeLessThanOrEqual(DELAY_SECONDS * 1000);
      expect(await job!.getState()).toBe('delayed');
    }
    // An individual member has no organisation: no one to escalate to, no job.
    expect(await escalations.getJob(escalationJobId((await originalOf('individual')).id))).toBeUndefined();
  });

  it('acknowledgeAlert removes the pending escalation job', async () => {
    for (const name of ['analyst2', 'ciso', 'admin', 'retiredCiso']) {
      const alert = await originalOf(name);
      if (name !== 'retiredCiso') {
        const acked = (await api.gqlOk(ACK, { id: alert.id }, token(name))).acknowledgeAlert;
        expect(acked).toMatchObject({ id: alert.id, escalatedAt: null, escalation: false });
        expect(acked.acknowledgedAt).not.toBeNull();
        expect(await escalations.getJob(escalationJobId(alert.id))).toBeUndefined();
      }
    }
  });

  it('after the delay, the still-unacknowledged alerts escalate once to the other active CISO and ORG_ADMIN people, delivered through their channels', async () => {
    const analyst = await originalOf('analyst');
    await waitFor('the escalation of the analyst’s alert', async () => (await originalOf('analyst')).escalated_at !== null, 15_000);
    await waitFor('the escalation of the sleepy analyst’s alert', async () => (await originalOf('sleepy')).escalated_at !== null, 15_000);
    await waitFor('the escalation deliveries', () => hooks.received.filter((w) => w.status < 300).length >= 6, 15_000);
    await sleep(DELAY_SECONDS * 1000 + 500); // anything acknowledged must stay quiet past its own due time

    // Acknowledged alerts never escalate.
    for (const name of ['analyst2', 'ciso', 'admin']) expect((await originalOf(name)).escalated_at).toBeNull();
    // The retired CISO's own alert escalates too (it was left unacknowledged), to the active CISO and admin.
    const escalationAlerts = await alertsOf('al.escalation_of IS NOT NULL AND al.advisory_id = $1', [advisoryId]);
    expect(escalationAlerts.map((a) => nameOf(a.person_id)).sort()).toEqual(['admin', 'ciso']);
    for (const alert of escalationAlerts) {
      expect(alert.event).toBe('advisory.published');
      expect(alert.outbox_event).toBe('alert.escalated');
      expect([analyst.id, (await originalOf('sleepy')).id, (await originalOf('retiredCiso')).id]).toContain(alert.escalation_of);
    }
    // Three colleagues' alerts escalated, but a CISO gets one escalation per advisory event.
    const [{ escalated }] = await api.dataSource.query(
      `SELECT count(*)::int AS escalated FROM alerts WHERE outbox_event_id = $1 AND escalated_at IS NOT NULL`,
      [eventId],
    );
    expect(escalated).toBe(3);

    // Each recipient's channels carry it: one signed delivery each, a new delivery id, CRITICAL.
    for (const name of ['ciso', 'admin']) {
      const mine = escalationAlerts.find((a) => nameOf(a.person_id) === name)!;
      const received = hooks.received.filter((w) => w.path === `/ok/${name}` && JSON.parse(w.body).alertId === mine.id);
      expect(received).toHaveLength(1);
      expectSignedWith(received[0], secrets[name]);
      expect(JSON.parse(received[0].body)).toMatchObject({
        alertId: mine.id,
        advisoryId,
        event: 'advisory.published',
        severity: 'CRITICAL',
        access: 'FULL',
        title: 'CRITICAL advisory — sign in to read',
      });
      // Their own original alert was delivered once as well, under another delivery id.
      const all = hooks.received.filter((w) => w.path === `/ok/${name}`);
      expect(all).toHaveLength(2);
      expect(new Set(all.map((w) => w.headers['x-council-delivery'])).size).toBe(2);
    }
    expect(hooks.received.filter((w) => w.path === '/ok/analyst2')).toHaveLength(1); // the original only
    expect(hooks.received.filter((w) => w.path === '/ok/retired')).toHaveLength(1); // the original only

    // myAlerts shows the escalation to the CISO; it needs no further escalation.
    const cisoAlerts = (await api.gqlOk(ALERTS, {}, token('ciso'))).myAlerts;
    expect(cisoAlerts).toHaveLength(2);
    expect(cisoAlerts.find((a: { escalation: boolean }) => a.escalation)).toMatchObject({
      severity: 'CRITICAL',
      acknowledgedAt: null,
      escalatedAt: null,
      advisory: { id: advisoryId },
    });
    const analystAlerts = (await api.gqlOk(ALERTS, {}, token('analyst'))).myAlerts;
    expect(analystAlerts).toEqual([expect.objectContaining({ id: analyst.id, escalation: false, acknowledgedAt: null })]);
    expect(analystAlerts[0].escalatedAt).not.toBeNull();
    const escalationOfCiso = escalationAlerts.find((a) => nameOf(a.person_id) === 'ciso')!;
    expect(await escalations.getJob(escalationJobId(escalationOfCiso.id))).toBeUndefined();
  });

  it('happens once: the job running again, or acknowledgement afterwards, adds nothing', async () => {
    const service = worker.get(AlertEscalationService);
    const before = await alertsOf('al.advisory_id = $1', [advisoryId]);
    const receivedBefore = hooks.received.length;
    const analyst = await originalOf('analyst');
    expect(await service.escalate(analyst.id)).toEqual({ escalated: false, reason: 'already-escalated' });
    expect(await service.escalate((await originalOf('ciso')).id)).toEqual({ escalated: false, reason: 'acknowledged' });
    expect(await service.escalate((await originalOf('individual')).id)).toEqual({ escalated: false, reason: 'not-escalable' });
    await api.gqlOk(ACK, { id: analyst.id }, token('analyst'));
    await sleep(QUIET_MS);
    expect(await alertsOf('al.advisory_id = $1', [advisoryId])).toEqual(before);
    expect(hooks.received.length).toBe(receivedBefore);
  });

  it('does not escalate once the advisory is withdrawn', async () => {
    const [{ id: alertId }] = await api.dataSource.query(
      `INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access)
       SELECT id, $2, advisory_id, 'advisory.published', 'CRITICAL', 'FULL' FROM outbox_events WHERE id = $1
       ON CONFLICT (outbox_event_id, person_id) DO UPDATE SET acknowledged_at = NULL, escalated_at = NULL RETURNING id`,
      [eventId, people.analyst2],
    );
    await api.dataSource.query(`UPDATE advisories SET status = 'WITHDRAWN' WHERE id = $1`, [advisoryId]);
    expect(await worker.get(AlertEscalationService).escalate(alertId)).toEqual({ escalated: false, reason: 'advisory-not-published' });
  });

  it('delivers an escalation only through channels whose sector and region filters take the advisory', async () => {
    const ds = api.dataSource;
    const org = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE] });
    const analyst = (await insertPerson(ds, { organisationId: org.id })).id;
    const ciso = (await insertPerson(ds, { organisationId: org.id, roles: [Role.CISO] })).id;
    const admin = (await insertPerson(ds, { organisationId: org.id, roles: [Role.ORG_ADMIN] })).id;
    const cisoHook = await addWebhook(api, api.tokenFor(ciso), `${hooks.url}/ok/filtered-ciso`, 'INFO');
    const adminHook = await addWebhook(api, api.tokenFor(admin), `${hooks.url}/ok/filtered-admin`, 'INFO');
    const advisory = await insertAdvisory(ds, {
      authorId: people.author,
      severity: Severity.CRITICAL,
      fullTitle: 'Finance only',
      audienceSectors: [Sector.FINANCE],
    });
    const [row] = await ds.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    await waitFor(
      'the fan-out',
      async () => (await ds.query(`SELECT fanned_out_at FROM outbox_events WHERE id = $1`, [row.id]))[0].fanned_out_at !== null,
    );
    // After the original deliveries: the CISO now wants only ENERGY advisories on this channel.
    await ds.query(`UPDATE alert_channels SET sectors = '{ENERGY}' WHERE id = $1`, [cisoHook.id]);
    const [{ id: alertId }] = await ds.query(`SELECT id FROM alerts WHERE outbox_event_id = $1 AND person_id = $2`, [row.id, analyst]);

    const outcome = await worker.get(AlertEscalationService).escalate(alertId);
    expect(outcome).toEqual({ escalated: true, recipients: 2, deliveries: 1 });
    const deliveries: Array<{ channel_id: string }> = await ds.query(
      `SELECT d.channel_id FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.escalation_of = $1`,
      [alertId],
    );
    expect(deliveries.map((d) => d.channel_id)).toEqual([adminHook.id]);
  });
});
