import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { DIGEST_QUEUE } from '../../libs/alerts/src/digest/alert-digest.service';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import { Classification, MembershipTier, Sector, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { startSmtpReceiver, startWebhookReceiver, type ReceivedWebhook } from './alert-receivers';
import { confirmEmailChannel, expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const PUBLIC_URL = 'https://council.example';
const CHANNEL = 'id kind target minSeverity enabled sectors regions digest';
const ADD = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { ${CHANNEL} } signingSecret } }`;
const UPDATE = `mutation Update($id: ID!, $input: AlertChannelPreferencesInput!) { updateAlertChannel(id: $id, input: $input) { ${CHANNEL} } }`;
const ALERTS = `query { myAlerts(first: 100) { id severity } }`;
const PAYLOAD_KEYS = [
  'deliveryId',
  'alertId',
  'event',
  'advisoryId',
  'severity',
  'access',
  'title',
  'recommendedActions',
  'url',
  'occurredAt',
].sort();
const COALESCE_MS = 3000;
const CAP = 2;

/** Only in the COUNCIL_CONFIDENTIAL view: may never reach a webhook, a digest or an e-mail. */
const SECRET_MARKERS = ['CONF-DIGEST-TITLE-3X', 'CONF-DIGEST-ACTION-3X', 'CONF-DIGEST-BODY-3X'];

function errorOf(result: GraphQLResponse, code: string): string {
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  return result.errors?.[0]?.message ?? '';
}

describe('each person chooses what reaches them: sector and region filters, the daily digest, storm control', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let redis: Redis;
  let digestQueue: Queue;
  const people: Record<string, { id: string; token: string }> = {};
  const secrets = new Map<string, string>();
  let authorId: string;

  async function addChannel(person: string, input: Record<string, unknown>): Promise<string> {
    const data = await api.gqlOk(ADD, { input }, people[person].token);
    if (input.kind === 'WEBHOOK') secrets.set(new URL(String(input.target)).pathname, data.addAlertChannel.signingSecret);
    if (input.kind === 'EMAIL') await confirmEmailChannel(api, smtp.mails, data.addAlertChannel.channel.target);
    return data.addAlertChannel.channel.id;
  }
  const hook = (path: string, fields: Record<string, unknown> = {}) => ({
    kind: 'WEBHOOK',
    target: `${hooks.url}${path}`,
    minSeverity: 'INFO',
    ...fields,
  });

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_PUBLIC_URL: PUBLIC_URL,
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '3',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      COUNCIL_ALERT_COALESCE_MS: String(COALESCE_MS),
      COUNCIL_ALERT_DAILY_CAP_PER_ORIGINATOR: String(CAP),
      // The scheduler is checked, and the digest run is triggered by hand: no run between two publications.
      COUNCIL_ALERT_DIGEST_EVERY_MS: '3600000',
    });
    worker = await startWorker();
    redis = new Redis(api.env.REDIS_URL, { maxRetriesPerRequest: null });
    digestQueue = new Queue(DIGEST_QUEUE, { connection: redis, prefix: api.env.COUNCIL_REDIS_PREFIX });

    const ds = api.dataSource;
    const authorOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    authorId = (await insertPerson(ds, { organisationId: authorOrg.id })).id;
    const tokyoOrg = await insertOrganisation(ds, {
      tier: MembershipTier.CLASS_2,
      sectors: [Sector.FINANCE, Sector.ELECTRICITY],
      prefecture: '13',
      municipality: '13101',
    });
    for (const name of ['filtered', 'narrow', 'digester', 'watcher', 'flooded', 'other']) {
      const person = await insertPerson(ds, { organisationId: tokyoOrg.id, email: `${name}@example.test` });
      people[name] = { id: person.id, token: api.tokenFor(person.id) };
    }
    await addChannel('filtered', hook('/filtered/plain'));
    await addChannel('filtered', hook('/filtered/energy', { sectors: ['ELECTRICITY'] }));
    await addChannel('filtered', hook('/filtered/finance', { sectors: ['FINANCE'] }));
    await addChannel('filtered', hook('/filtered/osaka', { regions: ['27'] }));
    await addChannel('filtered', hook('/filtered/tokyo', { regions: ['13'] }));
    await addChannel('filtered', hook('/filtered/chiyoda', { regions: ['13101'] }));
    await addChannel('narrow', hook('/narrow/energy', { sectors: ['ELECTRICITY'], regions: ['27'] }));
    await addChannel('digester', hook('/digest/hook', { digest: true }));
    await addChannel('digester', { kind: 'EMAIL', minSeverity: 'INFO', digest: true });
    await addChannel('watcher', hook('/watch/hook'));
    await addChannel('flooded', hook('/flood/hook'));
  });

  afterAll(async () => {
    await digestQueue?.close();
    await redis?.quit();
    await worker?.close();
    await api?.close();
    await hooks?.close();
    await smtp?.close();
  });

  /** Publishes as the lifecycle does (advisory row + outbox row), by default from an originator of its own. */
  async function publish(fields: Partial<AdvisoryEntity>): Promise<{ advisory: AdvisoryEntity; eventId: string }> {
    const originatorOrgId = fields.originatorOrgId ?? (await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 })).id;
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.CLEAR,
      ...fields,
      originatorOrgId,
    });
    const eventId = await recordEvent('advisory.published', advisory.id, 1);
    await settle(eventId);
    return { advisory, eventId };
  }

  async function recordEvent(event: string, advisoryId: string, version: number): Promise<string> {
    const [{ id }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ($1, $2, $3, now()) RETURNING id`,
      [event, advisoryId, version],
    );
    return String(id);
  }

  /** Fanned out, and nothing left PENDING (DIGEST deliveries wait for the digest). */
  async function settle(eventId: string): Promise<void> {
    await waitFor(`outbox ${eventId} to be fanned out and delivered`, async () => {
      const [row] = await api.dataSource.query(
        `SELECT o.fanned_out_at IS NOT NULL AS done,
                (SELECT count(*) FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
                  WHERE al.outbox_event_id = o.id AND d.status = 'PENDING')::int AS pending
         FROM outbox_events o WHERE o.id = $1`,
        [eventId],
      );
      return row.done && row.pending === 0;
    });
  }

  async function deliveredPaths(eventId: string, person: string): Promise<string[]> {
    const rows: Array<{ target: string; status: string }> = await api.dataSource.query(
      `SELECT c.target, d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id JOIN alert_channels c ON c.id = d.channel_id
       WHERE al.outbox_event_id = $1 AND al.person_id = $2`,
      [eventId, people[person].id],
    );
    expect(rows.every((r) => r.status === 'DELIVERED')).toBe(true);
    return rows.map((r) => new URL(r.target).pathname).sort();
  }

  const alertsOf = async (eventId: string, person: string): Promise<Array<{ id: string; severity: string; suppressed: string | null }>> =>
    api.dataSource.query(`SELECT id, severity, suppressed FROM alerts WHERE outbox_event_id = $1 AND person_id = $2`, [
      eventId,
      people[person].id,
    ]);

  const received = (prefix: string): ReceivedWebhook[] => hooks.received.filter((w) => w.path.startsWith(prefix) && w.status < 300);

  describe('GraphQL: the filters and the digest of a channel', () => {
    it('adds a channel with filters (normalised) and lists them; the contract fields stay as they were', async () => {
      const data = await api.gqlOk(
        ADD,
        { input: { kind: 'IN_APP', minSeverity: 'LOW', sectors: ['WATER', 'FINANCE', 'WATER'], regions: ['27', '13101', '27'] } },
        people.other.token,
      );
      expect(data.addAlertChannel).toEqual({
        channel: {
          id: expect.any(String),
          kind: 'IN_APP',
          target: null,
          minSeverity: 'LOW',
          enabled: true,
          sectors: ['FINANCE', 'WATER'],
          regions: ['13101', '27'],
          digest: false,
        },
        signingSecret: null,
      });
      const listed = (await api.gqlOk(`query { myAlertChannels { ${CHANNEL} } }`, {}, people.other.token)).myAlertChannels;
      expect(listed).toEqual([data.addAlertChannel.channel]);
    });

    it('updates a channel’s preferences; a list given replaces the old one, a field left out stays', async () => {
      const id = await addChannel('other', hook('/other/hook', { minSeverity: 'MEDIUM', sectors: ['GAS'] }));
      const updated = (await api.gqlOk(UPDATE, { id, input: { regions: ['01'], digest: true } }, people.other.token)).updateAlertChannel;
      expect(updated).toMatchObject({ id, minSeverity: 'MEDIUM', sectors: ['GAS'], regions: ['01'], digest: true, enabled: true });
      const cleared = (await api.gqlOk(UPDATE, { id, input: { sectors: [], minSeverity: 'HIGH', enabled: false } }, people.other.token))
        .updateAlertChannel;
      expect(cleared).toMatchObject({ id, minSeverity: 'HIGH', sectors: [], regions: ['01'], digest: true, enabled: false });
    });

    it('refuses bad filters with BAD_USER_INPUT naming the rule, and someone else’s channel as NOT_FOUND', async () => {
      const cases: Array<[Record<string, unknown>, RegExp]> = [
        [{ kind: 'IN_APP', minSeverity: 'LOW', regions: ['99'] }, /prefecture code/],
        [{ kind: 'IN_APP', minSeverity: 'LOW', regions: ['13999'] }, /municipality code/],
        [{ kind: 'IN_APP', minSeverity: 'LOW', regions: ['Tokyo'] }, /"Tokyo"/],
        [{ kind: 'IN_APP', minSeverity: 'LOW', digest: true }, /WEBHOOK and EMAIL/],
        [{ kind: 'IN_APP', minSeverity: 'LOW', sectors: ['NOT_A_SECTOR'] }, /sectors|Sector/],
        [{ kind: 'IN_APP', minSeverity: 'LOW', regions: Array.from({ length: 101 }, () => '13') }, /regions/],
      ];
      for (const [input, message] of cases) {
        expect(errorOf(await api.gql(ADD, { input }, people.other.token), 'BAD_USER_INPUT')).toMatch(message);
      }
      const id = await addChannel('other', hook('/other/second'));
      expect(errorOf(await api.gql(UPDATE, { id, input: { regions: ['48'] } }, people.other.token), 'BAD_USER_INPUT')).toMatch(
        /prefecture code/,
      );
      const inApp = (await api.gqlOk(ADD, { input: { kind: 'IN_APP', minSeverity: 'LOW' } }, people.other.token)).addAlertChannel.channel
        .id;
      expect(errorOf(await api.gql(UPDATE, { id: inApp, input: { digest: true } }, people.other.token), 'BAD_USER_INPUT')).toMatch(
        /WEBHOOK and EMAIL/,
      );
      const foreign = errorOf(await api.gql(UPDATE, { id, input: { digest: true } }, people.filtered.token), 'NOT_FOUND');
      const unknown = errorOf(
        await api.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { digest: true } }, people.filtered.token),
        'NOT_FOUND',
      );
      expect(foreign).toBe(unknown);
      const [row] = await api.dataSource.query(`SELECT regions, digest FROM alert_channels WHERE id = $1`, [id]);
      expect(row).toEqual({ regions: [], digest: false });
    });
  });

  describe('sector and region filters decide delivery exactly', () => {
    const ALL = ['/filtered/chiyoda', '/filtered/energy', '/filtered/finance', '/filtered/osaka', '/filtered/plain', '/filtered/tokyo'];
    it.each([
      ['nationwide, every sector', {}, ALL, 1],
      ['FINANCE only', { audienceSectors: [Sector.FINANCE] }, ALL.filter((p) => p !== '/filtered/energy'), 0],
      ['prefecture 13', { audienceRegions: ['13'] }, ALL.filter((p) => p !== '/filtered/osaka'), 0],
      [
        'municipality 13101 and ELECTRICITY',
        { audienceRegions: ['13101'], audienceSectors: [Sector.ELECTRICITY] },
        ['/filtered/chiyoda', '/filtered/energy', '/filtered/plain', '/filtered/tokyo'],
        0,
      ],
    ])('%s', async (_name, audience, expected, narrowAlerts) => {
      const { advisory, eventId } = await publish({ severity: Severity.MEDIUM, fullTitle: 'Filtered advisory', ...audience });
      expect(await deliveredPaths(eventId, 'filtered')).toEqual([...expected].sort());
      // A person whose only channel (ELECTRICITY in Osaka) the filters exclude gets no MEDIUM alert at all;
      // a nationwide advisory for every sector passes every filter.
      expect(await alertsOf(eventId, 'narrow')).toHaveLength(narrowAlerts);
      expect(await deliveredPaths(eventId, 'narrow')).toEqual(narrowAlerts ? ['/narrow/energy'] : []);
      for (const webhook of received('/filtered/').filter((w) => JSON.parse(w.body).advisoryId === advisory.id)) {
        expectSignedWith(webhook, secrets.get(webhook.path) as string);
        expect(Object.keys(JSON.parse(webhook.body)).sort()).toEqual(PAYLOAD_KEYS);
      }
    });

    it('narrows channels, never the implicit in-app alert of HIGH and CRITICAL', async () => {
      const { eventId } = await publish({ severity: Severity.HIGH, audienceSectors: [Sector.FINANCE] });
      expect(await alertsOf(eventId, 'narrow')).toHaveLength(1);
      expect(await deliveredPaths(eventId, 'narrow')).toEqual([]);
      const both = await publish({ severity: Severity.HIGH, audienceSectors: [Sector.ELECTRICITY], audienceRegions: ['27201'] });
      // The narrow person's organisation is in Tokyo: outside the audience, no alert of any kind.
      expect(await alertsOf(both.eventId, 'narrow')).toEqual([]);
    });
  });

  describe('daily digest', () => {
    it('is a repeatable BullMQ job', async () => {
      await waitFor('the digest scheduler', async () => (await digestQueue.getJobSchedulers()).length > 0);
      const schedulers = await digestQueue.getJobSchedulers();
      expect(schedulers).toEqual([expect.objectContaining({ key: 'daily-digest', every: 3_600_000 })]);
    });

    it('collects LOW and INFO of digest channels, sends CRITICAL and HIGH at once, then one digest per channel without any confidential field', async () => {
      const low = await publish({
        severity: Severity.LOW,
        fullClassification: Classification.COUNCIL_CONFIDENTIAL,
        fullTlp: Tlp.AMBER,
        fullTitle: 'CONF-DIGEST-TITLE-3X',
        fullBody: 'CONF-DIGEST-BODY-3X',
        fullRecommendedActions: ['CONF-DIGEST-ACTION-3X'],
      });
      const info = await publish({ severity: Severity.INFO, fullTitle: 'Public info for the digest', fullRecommendedActions: ['Read it'] });
      const critical = await publish({ severity: Severity.CRITICAL, fullTitle: 'Critical, never digested' });
      const high = await publish({ severity: Severity.HIGH, fullTitle: 'High, never digested' });

      const statuses = async (eventId: string) =>
        (
          await api.dataSource.query(
            `SELECT d.status, d.digest_id FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.outbox_event_id = $1 AND al.person_id = $2`,
            [eventId, people.digester.id],
          )
        ).map((r: { status: string }) => r.status);
      expect(await statuses(low.eventId)).toEqual(['DIGEST', 'DIGEST']);
      expect(await statuses(info.eventId)).toEqual(['DIGEST', 'DIGEST']);
      expect(await statuses(critical.eventId)).toEqual(['DELIVERED', 'DELIVERED']);
      expect(await statuses(high.eventId)).toEqual(['DELIVERED', 'DELIVERED']);
      const ids = [low, info, critical, high].map((p) => p.advisory.id);
      const immediate = received('/digest/')
        .map((w) => JSON.parse(w.body))
        .filter((b) => ids.includes(b.advisoryId));
      expect(immediate.map((b) => `${b.event}:${b.severity}`).sort()).toEqual(['advisory.published:CRITICAL', 'advisory.published:HIGH']);
      const mailsOf = () => smtp.mails.filter((m) => m.to.includes('digester@example.test') && ids.some((id) => m.decoded.includes(id)));
      expect(
        mailsOf()
          .map((m) => /\[(CRITICAL|HIGH|DIGEST)\]/.exec(m.decoded)?.[1])
          .sort(),
      ).toEqual(['CRITICAL', 'HIGH']);

      // The person sees them waiting (Alert.deliveries).
      const waiting = (await api.gqlOk(`query { myAlerts(first: 100) { id deliveries { status } } }`, {}, people.digester.token)).myAlerts;
      const lowAlert = (await alertsOf(low.eventId, 'digester'))[0].id;
      expect(waiting.find((a: { id: string }) => a.id === lowAlert).deliveries).toEqual([{ status: 'DIGEST' }, { status: 'DIGEST' }]);

      await digestQueue.add('collect', {});
      await waitFor('the digest webhook', () => received('/digest/').some((w) => JSON.parse(w.body).event === 'digest'));
      await waitFor('the digest e-mail', () => mailsOf().some((m) => m.decoded.includes('[DIGEST]')));
      await sleep(QUIET_MS);

      const digests = received('/digest/').filter((w) => JSON.parse(w.body).event === 'digest');
      expect(digests).toHaveLength(1);
      const [webhook] = digests;
      expectSignedWith(webhook, secrets.get('/digest/hook') as string);
      for (const marker of SECRET_MARKERS) expect(webhook.body).not.toContain(marker);
      const body = JSON.parse(webhook.body);
      expect(Object.keys(body).sort()).toEqual(['deliveryId', 'event', 'items', 'occurredAt']);
      expect(body.items).toHaveLength(2);
      for (const item of body.items) expect(Object.keys(item).sort()).toEqual(PAYLOAD_KEYS);
      const byAdvisory = Object.fromEntries(body.items.map((item: { advisoryId: string }) => [item.advisoryId, item]));
      expect(byAdvisory[low.advisory.id]).toMatchObject({
        event: 'advisory.published',
        severity: 'LOW',
        access: 'FULL',
        title: 'LOW advisory — sign in to read',
        recommendedActions: null,
        url: `${PUBLIC_URL}/advisories/${low.advisory.id}`,
      });
      expect(byAdvisory[info.advisory.id]).toMatchObject({
        severity: 'INFO',
        title: 'Public info for the digest',
        recommendedActions: ['Read it'],
      });

      const rows = await api.dataSource.query(
        `SELECT d.id, d.status, d.digest_id, c.kind FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id JOIN alert_channels c ON c.id = d.channel_id
         WHERE al.person_id = $1 AND al.outbox_event_id = ANY($2::bigint[])`,
        [people.digester.id, [low.eventId, info.eventId]],
      );
      expect(rows.every((r: { status: string }) => r.status === 'DELIVERED')).toBe(true);
      const webhookRows = rows.filter((r: { kind: string }) => r.kind === 'WEBHOOK');
      expect(new Set(webhookRows.map((r: { digest_id: string }) => r.digest_id))).toEqual(new Set([body.deliveryId]));
      expect(body.items.map((item: { deliveryId: string }) => item.deliveryId).sort()).toEqual(
        webhookRows.map((r: { id: string }) => r.id).sort(),
      );

      const digestMails = smtp.mails.filter((m) => m.to.includes('digester@example.test') && m.decoded.includes('[DIGEST]'));
      expect(digestMails).toHaveLength(1);
      for (const marker of SECRET_MARKERS) expect(digestMails[0].raw).not.toContain(marker);
      expect(digestMails[0].decoded).toContain('LOW advisory — sign in to read');
      expect(digestMails[0].decoded).toContain('Public info for the digest');
      expect(await api.dataSource.query(`SELECT status FROM alert_digests`)).toEqual([{ status: 'DELIVERED' }, { status: 'DELIVERED' }]);

      // A second run has nothing to send.
      const secondRun = await digestQueue.add('collect', {});
      await waitFor('the second digest run', async () => (await secondRun.getState()) === 'completed');
      await sleep(QUIET_MS);
      expect(received('/digest/').filter((w) => JSON.parse(w.body).event === 'digest')).toHaveLength(1);
      expect(await api.dataSource.query(`SELECT count(*)::int AS n FROM alert_digests`)).toEqual([{ n: 2 }]);
    });
  });

  describe('storm control', () => {
    it('coalesces rapid advisory.updated events of one advisory into one alert per person, of the newest version', async () => {
      const { advisory, eventId: published } = await publish({ severity: Severity.LOW, fullTitle: 'Storm v1' });
      expect(await alertsOf(published, 'watcher')).toHaveLength(1);
      const updates: string[] = [];
      for (const [version, severity] of [
        [2, Severity.MEDIUM],
        [3, Severity.MEDIUM],
        [4, Severity.HIGH],
      ] as const) {
        await api.dataSource.query(`UPDATE advisories SET severity = $2, version = $3, full_title = $4 WHERE id = $1`, [
          advisory.id,
          severity,
          version,
          `Storm v${version}`,
        ]);
        updates.push(await recordEvent('advisory.updated', advisory.id, version));
        await sleep(150);
      }
      const started = Date.now();
      await settle(updates[2]);
      // Nothing went out before the window closed.
      expect(Date.now() - started).toBeGreaterThan(COALESCE_MS / 2);
      const events = await api.dataSource.query(
        `SELECT id::text, coalesced_into::text, fanned_out_at IS NOT NULL AS done FROM outbox_events WHERE id = ANY($1::bigint[]) ORDER BY id`,
        [updates],
      );
      expect(events).toEqual([
        { id: updates[0], coalesced_into: updates[2], done: true },
        { id: updates[1], coalesced_into: updates[2], done: true },
        { id: updates[2], coalesced_into: null, done: true },
      ]);
      const alerts = await api.dataSource.query(
        `SELECT outbox_event_id::text AS event, severity FROM alerts WHERE person_id = $1 AND advisory_id = $2 AND event = 'advisory.updated'`,
        [people.watcher.id, advisory.id],
      );
      expect(alerts).toEqual([{ event: updates[2], severity: 'HIGH' }]);
      const bodies = received('/watch/')
        .map((w) => JSON.parse(w.body))
        .filter((b) => b.advisoryId === advisory.id && b.event === 'advisory.updated');
      expect(bodies).toHaveLength(1);
      expect(bodies[0]).toMatchObject({ severity: 'HIGH', title: 'Storm v4' });
    });

    it('never delays an update that makes the advisory CRITICAL', async () => {
      const { advisory } = await publish({ severity: Severity.MEDIUM, fullTitle: 'Becomes critical' });
      await api.dataSource.query(`UPDATE advisories SET severity = 'CRITICAL', version = 2 WHERE id = $1`, [advisory.id]);
      const started = Date.now();
      const update = await recordEvent('advisory.updated', advisory.id, 2);
      await settle(update);
      expect(Date.now() - started).toBeLessThan(COALESCE_MS / 2);
      expect(await alertsOf(update, 'watcher')).toEqual([expect.objectContaining({ severity: 'CRITICAL', suppressed: null })]);
    });

    it('caps non-CRITICAL alerts per person and originator per day, records the capped ones, never caps CRITICAL', async () => {
      const flood = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 });
      const events: string[] = [];
      for (let i = 1; i <= 4; i++) {
        events.push((await publish({ severity: Severity.MEDIUM, fullTitle: `Flood ${i}`, originatorOrgId: flood.id })).eventId);
      }
      const outcomes = [];
      for (const eventId of events) outcomes.push((await alertsOf(eventId, 'flooded')).map((a) => a.suppressed));
      expect(outcomes).toEqual([[null], [null], ['CAPPED'], ['CAPPED']]);
      const delivered = await api.dataSource.query(
        `SELECT count(*)::int AS n FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.person_id = $1 AND al.outbox_event_id = ANY($2::bigint[])`,
        [people.flooded.id, events],
      );
      expect(delivered).toEqual([{ n: 2 }]);
      const titles = received('/flood/')
        .map((w) => JSON.parse(w.body).title)
        .filter((title: string) => title.startsWith('Flood'));
      expect(titles.sort()).toEqual(['Flood 1', 'Flood 2']);

      const listed = (await api.gqlOk(ALERTS, {}, people.flooded.token)).myAlerts;
      const capped = await api.dataSource.query(`SELECT id FROM alerts WHERE person_id = $1 AND suppressed = 'CAPPED'`, [
        people.flooded.id,
      ]);
      expect(capped).toHaveLength(2);
      for (const { id } of capped) expect(listed.map((a: { id: string }) => a.id)).not.toContain(id);

      const critical = await publish({ severity: Severity.CRITICAL, fullTitle: 'Flood critical', originatorOrgId: flood.id });
      expect(await alertsOf(critical.eventId, 'flooded')).toEqual([expect.objectContaining({ severity: 'CRITICAL', suppressed: null })]);
      expect(await deliveredPaths(critical.eventId, 'flooded')).toEqual(['/flood/hook']);
      const high = await publish({ severity: Severity.HIGH, fullTitle: 'Flood high', originatorOrgId: flood.id });
      expect((await alertsOf(high.eventId, 'flooded')).map((a) => a.suppressed)).toEqual(['CAPPED']);
      // Another originator is not affected.
      const other = await publish({ severity: Severity.MEDIUM, fullTitle: 'Someone else' });
      expect((await alertsOf(other.eventId, 'flooded')).map((a) => a.suppressed)).toEqual([null]);
    });
  });
});
