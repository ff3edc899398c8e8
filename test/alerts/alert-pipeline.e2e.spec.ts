import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { AlertFanoutService } from '../../libs/alerts/src/fanout/alert-fanout.service';
import { AlertEntity } from '../../libs/alerts/src/alerts/alert.entity';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import { Classification, ClearanceLevel, MembershipTier, Role, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp, BOOTSTRAP_ADMIN } from '../support/test-app';
import { startSmtpReceiver, startWebhookReceiver, type ReceivedWebhook } from './alert-receivers';
import { confirmEmailChannel, isConfirmationMail } from './alert-test-kit';

const ADD = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { id kind target minSeverity enabled } signingSecret } }`;
const PUBLIC_URL = 'https://council.example';

/** Words that exist only in confidential or IESI views: none may ever leave the platform. */
const SECRET_MARKERS = [
  'CONF-TITLE-7Q',
  'CONF-SUMMARY-7Q',
  'CONF-BODY-7Q',
  'CONF-ACTION-7Q',
  '203.0.113.77',
  'IESI-TITLE-9Z',
  'IESI-SUMMARY-9Z',
  'IESI-BODY-9Z',
  'IESI-ACTION-9Z',
  '198.51.100.99',
  'CONFTL-TITLE-5K',
  'CONFTL-SUMMARY-5K',
  'CONFTL-ACTION-5K',
];

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

describe('the alert pipeline: outbox → relay → fan-out → webhook and e-mail deliveries', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const people: Record<string, string> = {};
  const secretsByPath = new Map<string, string>();
  let authorOrgId: string;

  async function addChannel(person: string, input: Record<string, unknown>): Promise<void> {
    const data = await api.gqlOk(ADD, { input }, api.tokenFor(people[person]));
    const { signingSecret } = data.addAlertChannel;
    if (input.kind === 'WEBHOOK') secretsByPath.set(new URL(String(input.target)).pathname, signingSecret);
    if (input.kind === 'EMAIL')
      await confirmEmailChannel(api, smtp.mails, typeof input.target === 'string' ? input.target : `${person.toLowerCase()}@example.test`);
  }

  const hook = (path: string) => ({ kind: 'WEBHOOK', target: `${hooks.url}${path}` });

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_PUBLIC_URL: PUBLIC_URL,
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '3',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    worker = moduleRef.createNestApplication({ logger: false });
    await worker.init();

    const ds = api.dataSource;
    const authorOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    authorOrgId = authorOrg.id;
    const memberOrg = await insertOrganisation(ds, {
      tier: MembershipTier.CLASS_2,
      prefecture: '27',
      facilityClearanceExpiresAt: inDays(365),
    });
    const outsiderOrg = await insertOrganisation(ds, { agreementExpiresAt: null });
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1]) => {
      people[name] = (await insertPerson(ds, { email: `${name.toLowerCase()}@example.test`, ...fields })).id;
    };
    await person('author', { organisationId: authorOrg.id });
    await person('colleague', { organisationId: authorOrg.id });
    await person('member', { organisationId: memberOrg.id });
    await person('cleared', {
      organisationId: memberOrg.id,
      clearanceLevel: ClearanceLevel.IESI,
      clearanceExpiresAt: inDays(100),
    });
    await person('outsider', { organisationId: outsiderOrg.id });
    await person('inactive', { organisationId: memberOrg.id });
    await person('auditor', { organisationId: memberOrg.id, roles: [Role.AUDITOR] });
    await person('quiet', { organisationId: memberOrg.id });
    await person('highOnly', { organisationId: memberOrg.id });
    const [admin] = await ds.query(`SELECT id FROM persons WHERE email = $1`, [BOOTSTRAP_ADMIN.email]);
    people.admin = admin.id;

    await addChannel('author', { ...hook('/ok/author'), minSeverity: 'INFO' });
    await addChannel('colleague', { ...hook('/ok/colleague'), minSeverity: 'INFO' });
    await addChannel('colleague', { kind: 'EMAIL', minSeverity: 'INFO' });
    await addChannel('member', { ...hook('/ok/member'), minSeverity: 'INFO' });
    await addChannel('member', { ...hook('/flaky/member'), minSeverity: 'MEDIUM' });
    await addChannel('cleared', { ...hook('/ok/cleared'), minSeverity: 'INFO' });
    await addChannel('cleared', { kind: 'EMAIL', target: 'soc@cleared.example.test', minSeverity: 'INFO' });
    await addChannel('outsider', { ...hook('/ok/outsider'), minSeverity: 'INFO' });
    await addChannel('inactive', { ...hook('/ok/inactive'), minSeverity: 'INFO' });
    await addChannel('auditor', { ...hook('/ok/auditor'), minSeverity: 'INFO' });
    await addChannel('highOnly', { ...hook('/down/highOnly'), minSeverity: 'HIGH' });
    await ds.query(`UPDATE persons SET active = false WHERE id = $1`, [people.inactive]);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
    await smtp?.close();
  });

  /** Publishes as the lifecycle does (advisory row + outbox row) and waits for every delivery to settle. */
  async function publish(fields: Partial<AdvisoryEntity>): Promise<{ advisory: AdvisoryEntity; eventId: string }> {
    const advisory = await insertAdvisory(api.dataSource, { authorId: people.author, originatorOrgId: authorOrgId, ...fields });
    const [{ id: eventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    await settle(String(eventId));
    return { advisory, eventId: String(eventId) };
  }

  async function settle(eventId: string): Promise<void> {
    await waitFor(`outbox ${eventId} to be fanned out and delivered`, async () => {
      const [row] = await api.dataSource.query(
        `SELECT o.dispatched_at IS NOT NULL AS dispatched,
                EXISTS (SELECT 1 FROM alerts al WHERE al.outbox_event_id = o.id) AS has_alerts,
                (SELECT count(*) FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
                  WHERE al.outbox_event_id = o.id AND d.status = 'PENDING')::int AS pending
         FROM outbox_events o WHERE o.id = $1`,
        [eventId],
      );
      return row.dispatched && row.has_alerts && row.pending === 0;
    });
  }

  const nameOf = (id: string) => Object.entries(people).find(([, v]) => v === id)?.[0] ?? id;

  async function recipientsOf(eventId: string): Promise<Record<string, string>> {
    const rows: Array<{ person_id: string; access: string }> = await api.dataSource.query(
      `SELECT person_id, access FROM alerts WHERE outbox_event_id = $1`,
      [eventId],
    );
    return Object.fromEntries(rows.map((r) => [nameOf(r.person_id), r.access]));
  }

  async function deliveriesOf(
    eventId: string,
  ): Promise<Array<{ id: string; alert_id: string; person: string; kind: string; target: string; status: string; attempts: number }>> {
    const rows = await api.dataSource.query(
      `SELECT d.id, d.alert_id, al.person_id, c.kind, c.target, d.status, d.attempts
       FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id JOIN alert_channels c ON c.id = d.channel_id
       WHERE al.outbox_event_id = $1`,
      [eventId],
    );
    return rows.map((r: Record<string, any>) => ({ ...r, person: nameOf(String(r.person_id)) }));
  }

  const webhooksFor = (deliveryIds: string[]): ReceivedWebhook[] =>
    hooks.received.filter((w) => deliveryIds.includes(String(w.headers['x-council-delivery'])));

  function expectSigned(webhook: ReceivedWebhook): void {
    const secret = secretsByPath.get(webhook.path);
    expect(secret).toBeDefined();
    const timestamp = String(webhook.headers['x-council-timestamp']);
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(120);
    const expected = createHmac('sha256', Buffer.from(secret as string, 'utf8'))
      .update(`${timestamp}.${webhook.body}`)
      .digest('hex');
    expect(webhook.headers['x-council-signature']).toBe(`sha256=${expected}`);
    expect(webhook.headers['content-type']).toBe('application/json');
    expect(JSON.parse(webhook.body).deliveryId).toBe(webhook.headers['x-council-delivery']);
  }

  it('UNCLASSIFIED/CLEAR MEDIUM: every active account with a channel that takes MEDIUM, never the author, an auditor or an inactive person', async () => {
    const { advisory, eventId } = await publish({
      severity: Severity.MEDIUM,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.CLEAR,
      fullTitle: 'Public phishing wave',
      fullRecommendedActions: ['Warn staff'],
    });
    expect(await recipientsOf(eventId)).toEqual({ colleague: 'FULL', member: 'FULL', cleared: 'FULL', outsider: 'FULL' });
    const deliveries = await deliveriesOf(eventId);
    expect(
      deliveries.map((d) => `${d.person}:${d.kind}:${new URL(d.target.includes('@') ? `mailto:${d.target}` : d.target).pathname}`).sort(),
    ).toEqual(
      [
        'cleared:EMAIL:soc@cleared.example.test',
        'cleared:WEBHOOK:/ok/cleared',
        'colleague:EMAIL:colleague@example.test',
        'colleague:WEBHOOK:/ok/colleague',
        'member:WEBHOOK:/flaky/member',
        'member:WEBHOOK:/ok/member',
        'outsider:WEBHOOK:/ok/outsider',
      ].sort(),
    );
    expect(deliveries.every((d) => d.status === 'DELIVERED')).toBe(true);

    const received = webhooksFor(deliveries.map((d) => d.id)).filter((w) => w.status < 300);
    expect(received).toHaveLength(5);
    for (const webhook of received) {
      expectSigned(webhook);
      const body = JSON.parse(webhook.body);
      expect(Object.keys(body).sort()).toEqual(
        ['deliveryId', 'alertId', 'event', 'advisoryId', 'severity', 'access', 'title', 'recommendedActions', 'url', 'occurredAt'].sort(),
      );
      expect(body).toMatchObject({
        event: 'advisory.published',
        advisoryId: advisory.id,
        severity: 'MEDIUM',
        access: 'FULL',
        title: 'Public phishing wave',
        recommendedActions: ['Warn staff'],
        url: `${PUBLIC_URL}/advisories/${advisory.id}`,
      });
    }
    const mails = smtp.mails.filter((m) => deliveries.some((d) => m.raw.includes(d.id)));
    expect(mails.map((m) => m.to[0]).sort()).toEqual(['colleague@example.test', 'soc@cleared.example.test']);
    expect(mails[0].decoded).toContain('Public phishing wave');
    expect(mails[0].decoded).toContain(`${PUBLIC_URL}/advisories/${advisory.id}`);
  });

  it('retries a webhook that answered 500 with the same delivery id and signs every attempt', async () => {
    const deliveries = await api.dataSource.query<Array<{ id: string; attempts: number; status: string }>>(
      `SELECT d.id, d.attempts, d.status FROM alert_deliveries d JOIN alert_channels c ON c.id = d.channel_id WHERE c.target LIKE '%/flaky/member'`,
    );
    expect(deliveries.length).toBeGreaterThan(0);
    for (const delivery of deliveries) {
      const attempts = webhooksFor([delivery.id]);
      expect(attempts.map((a) => a.status)).toEqual([500, 204]);
      attempts.forEach(expectSigned);
      expect(JSON.parse(attempts[0].body).deliveryId).toBe(JSON.parse(attempts[1].body).deliveryId);
      expect(delivery).toMatchObject({ status: 'DELIVERED', attempts: 2 });
    }
  });

  it('COUNCIL_CONFIDENTIAL HIGH: members only, the implicit in-app alert for HIGH, the placeholder title outside the platform', async () => {
    const { eventId } = await publish({
      severity: Severity.HIGH,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'CONF-TITLE-7Q',
      fullSummary: 'CONF-SUMMARY-7Q',
      fullBody: 'CONF-BODY-7Q',
      fullRecommendedActions: ['CONF-ACTION-7Q'],
      fullIndicators: ['203.0.113.77'],
    });
    expect(await recipientsOf(eventId)).toEqual({ colleague: 'FULL', member: 'FULL', cleared: 'FULL', quiet: 'FULL', highOnly: 'FULL' });
    const deliveries = await deliveriesOf(eventId);
    expect(deliveries.filter((d) => d.person === 'quiet')).toEqual([]);
    // highOnly's receiver is down: three attempts (COUNCIL_ALERT_DELIVERY_ATTEMPTS), then FAILED.
    expect(deliveries.filter((d) => d.person === 'highOnly')).toEqual([expect.objectContaining({ status: 'FAILED', attempts: 3 })]);
    expect(deliveries.filter((d) => d.person !== 'highOnly').every((d) => d.status === 'DELIVERED')).toBe(true);
    for (const webhook of webhooksFor(deliveries.map((d) => d.id))) {
      expectSigned(webhook);
      expect(JSON.parse(webhook.body)).toMatchObject({
        title: 'HIGH advisory — sign in to read',
        recommendedActions: null,
        access: 'FULL',
      });
    }
    const mails = smtp.mails.filter((m) => deliveries.some((d) => m.raw.includes(d.id)));
    expect(mails).toHaveLength(2);
    for (const mail of mails) expect(mail.decoded).toContain('HIGH advisory — sign in to read');
  });

  it('IESI with an UNCLASSIFIED tear line, CRITICAL: the cleared reader gets FULL with the placeholder, other members the tear line', async () => {
    const { eventId } = await publish({
      severity: Severity.CRITICAL,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullTitle: 'IESI-TITLE-9Z',
      fullSummary: 'IESI-SUMMARY-9Z',
      fullBody: 'IESI-BODY-9Z',
      fullRecommendedActions: ['IESI-ACTION-9Z'],
      fullIndicators: ['198.51.100.99'],
      hasTearLine: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: Tlp.GREEN,
      tearLineTitle: 'Critical flaw in a VPN appliance',
      tearLineSummary: 'Patch now',
      tearLineRecommendedActions: ['Apply vendor patch'],
    });
    expect(await recipientsOf(eventId)).toEqual({
      colleague: 'TEAR_LINE',
      member: 'TEAR_LINE',
      cleared: 'FULL',
      quiet: 'TEAR_LINE',
      highOnly: 'TEAR_LINE',
    });
    const deliveries = await deliveriesOf(eventId);
    for (const webhook of webhooksFor(deliveries.map((d) => d.id)).filter((w) => w.status < 300)) {
      const body = JSON.parse(webhook.body);
      if (webhook.path === '/ok/cleared') {
        expect(body).toMatchObject({ access: 'FULL', title: 'CRITICAL advisory — sign in to read', recommendedActions: null });
      } else {
        expect(body).toMatchObject({
          access: 'TEAR_LINE',
          title: 'Critical flaw in a VPN appliance',
          recommendedActions: ['Apply vendor patch'],
        });
      }
    }
    const clearedMail = smtp.mails.find((m) => m.to[0] === 'soc@cleared.example.test' && deliveries.some((d) => m.raw.includes(d.id)));
    expect(clearedMail?.decoded).toContain('CRITICAL advisory — sign in to read');
  });

  it('COUNCIL_CONFIDENTIAL with a confidential tear line: the placeholder for everyone', async () => {
    const { eventId } = await publish({
      severity: Severity.LOW,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'CONF-TITLE-7Q',
      fullBody: 'CONF-BODY-7Q',
      hasTearLine: true,
      tearLineClassification: Classification.COUNCIL_CONFIDENTIAL,
      tearLineTlp: Tlp.GREEN,
      tearLineTitle: 'CONFTL-TITLE-5K',
      tearLineSummary: 'CONFTL-SUMMARY-5K',
      tearLineRecommendedActions: ['CONFTL-ACTION-5K'],
    });
    expect(await recipientsOf(eventId)).toEqual({ colleague: 'FULL', member: 'FULL', cleared: 'FULL' });
    for (const webhook of webhooksFor((await deliveriesOf(eventId)).map((d) => d.id))) {
      expect(JSON.parse(webhook.body)).toMatchObject({ title: 'LOW advisory — sign in to read', recommendedActions: null });
    }
  });

  it('no field of a COUNCIL_CONFIDENTIAL or IESI view ever reached a webhook or an e-mail', () => {
    expect(hooks.received.length).toBeGreaterThan(10);
    expect(smtp.mails.length).toBeGreaterThan(4);
    const everything = [
      ...hooks.received.map((w) => `${JSON.stringify(w.headers)}\n${w.body}`),
      ...smtp.mails.map((m) => `${m.raw}\n${m.decoded}`),
    ];
    for (const text of everything) {
      for (const marker of SECRET_MARKERS) expect(text).not.toContain(marker);
      expect(text).not.toContain('Patch now'); // a summary never leaves, whatever its classification
    }
  });

  it('gives every delivery a unique id, exactly one per recipient channel, and each success reached its receiver once', async () => {
    const rows: Array<{ id: string; alert_id: string; channel_id: string; status: string }> = await api.dataSource.query(
      `SELECT id, alert_id, channel_id, status FROM alert_deliveries`,
    );
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(new Set(rows.map((r) => `${r.alert_id}/${r.channel_id}`)).size).toBe(rows.length);
    const successes = hooks.received.filter((w) => w.status < 300).map((w) => String(w.headers['x-council-delivery']));
    expect(new Set(successes).size).toBe(successes.length);
    const mailIds = smtp.mails.filter((m) => !isConfirmationMail(m)).map((m) => /X-Council-Delivery: ([0-9a-f-]+)/i.exec(m.raw)?.[1]);
    expect(new Set(mailIds).size).toBe(mailIds.length);
    const delivered = rows
      .filter((r) => r.status === 'DELIVERED')
      .map((r) => r.id)
      .sort();
    expect([...successes, ...(mailIds as string[])].sort()).toEqual(delivered);
  });

  it('replaying an outbox row (relayed again, fanned out again) duplicates nothing', async () => {
    const [{ id: eventId }] = await api.dataSource.query(`SELECT min(id) AS id FROM outbox_events`);
    const alertsBefore = await api.dataSource.getRepository(AlertEntity).count();
    const [{ count: deliveriesBefore }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM alert_deliveries`);
    const receivedBefore = hooks.received.length;
    const mailsBefore = smtp.mails.length;

    await api.dataSource.query(`UPDATE outbox_events SET dispatched_at = NULL WHERE id = $1`, [eventId]);
    await waitFor('the replayed row to be relayed again', async () => {
      const [row] = await api.dataSource.query(`SELECT dispatched_at FROM outbox_events WHERE id = $1`, [eventId]);
      return row.dispatched_at !== null;
    });
    expect(await worker.get(AlertFanoutService).fanOut(String(eventId))).toEqual({ alerts: 0, deliveries: 0, enqueued: 0 });
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(await api.dataSource.getRepository(AlertEntity).count()).toBe(alertsBefore);
    const [{ count: deliveriesAfter }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM alert_deliveries`);
    expect(deliveriesAfter).toBe(deliveriesBefore);
    expect(hooks.received.length).toBe(receivedBefore);
    expect(smtp.mails.length).toBe(mailsBefore);
  });
});
