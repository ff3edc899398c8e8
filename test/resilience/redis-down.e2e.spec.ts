import { rmSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningSecrets } from '../../libs/alerts/src/channels/signing-secret';
import { AdvisoryStatus, MembershipTier, Severity } from '../../libs/platform/src/vocabulary';
import { insertRecipients, startSink, type Query, type Sink } from '../../scripts/bench/fanout-kit';
import { startWorker } from '../alerts/alert-test-kit';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectNothingInternal } from '../support/membership-session';
import { BOOTSTRAP_ADMIN, startTestApp, type TestApp } from '../support/test-app';
import { scratchDir, startOwnRedis, type OwnServer } from './own-services';

const RECIPIENTS = 25;
const FEED = `query { advisories(first: 50) { edges { node { id title } } } }`;
const APPROVE = `mutation($id: ID!) { approveAdvisory(id: $id) { id status } }`;
const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Issue 7: Redis down for a while (a Redis of the test's own, killed, then started again EMPTY, as
 * a Redis that lost its data). Reads and publishing only need PostgreSQL and go on; the alerts of
 * an advisory published meanwhile wait in the outbox and reach every recipient once Redis is back,
 * none lost and none twice. Signing in needs the Redis-backed rate limiter: it is refused with a
 * clear "try again" error rather than allowed without a limit (failing closed).
 */
describe('Redis down for a while', () => {
  let dir: string;
  let redis: OwnServer;
  let api: TestApp;
  let worker: INestApplication;
  let sink: Sink;
  let query: Query;
  let authorId: string;
  let adminToken: string;
  let readerToken: string;

  beforeAll(async () => {
    dir = scratchDir('council-redis-down-');
    redis = await startOwnRedis(dir);
    sink = await startSink();
    api = await startTestApp({
      REDIS_URL: redis.url,
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '100',
      COUNCIL_ALERT_BACKOFF_MS: '200',
      COUNCIL_ALERT_LOCK_MS: '2000',
      COUNCIL_ALERT_SEND_LEASE_MS: '2000',
      COUNCIL_ALERT_RECONCILE_INTERVAL_MS: '500',
      COUNCIL_ALERT_RECONCILE_AFTER_MS: '1000',
    });
    query = (sql, values) => api.dataSource.query(sql, values);
    worker = await startWorker();
    const sealed = api.app.get(SigningSecrets, { strict: false }).seal(SigningSecrets.generate());
    ({ authorId } = await insertRecipients(query, { people: RECIPIENTS, sinkUrl: sink.url, sealed }));
    const [admin] = await query(`SELECT id FROM persons WHERE email = $1`, [BOOTSTRAP_ADMIN.email]);
    adminToken = api.tokenFor(String(admin.id));
    const readerOrg = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 });
    readerToken = api.tokenFor((await insertPerson(api.dataSource, { organisationId: readerOrg.id })).id);
  }, 60_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    await redis?.stop().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const ready = async () => (await fetch(`${api.url}/health/ready`)).status;

  /** An advisory awaiting review, approved by the secretariat through GraphQL (status + outbox row in one transaction). */
  async function approveNew(title: string): Promise<string> {
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      status: AdvisoryStatus.PENDING_REVIEW,
      severity: Severity.HIGH,
      fullTitle: title,
    });
    const data = await api.gqlOk(APPROVE, { id: advisory.id }, adminToken);
    expect(data.approveAdvisory.status).toBe('PUBLISHED');
    return advisory.id;
  }

  const deliveriesOf = async (advisoryId: string) =>
    (await query(`SELECT d.id, d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.advisory_id = $1`, [
      advisoryId,
    ])) as Array<{ id: string; status: string }>;

  it('reads and publishing go on, sign-in is refused with "try again", and the alerts flow once Redis is back', async () => {
    // Before: the whole pipeline works.
    const before = await approveNew('Before the outage');
    expect(await sink.waitForDistinct(RECIPIENTS, 20_000)).toBe(true);
    expect(await ready()).toBe(200);

    await redis.stop();
    const downAt = Date.now();
    let status = await ready();
    while (status === 200 && Date.now() - downAt < 10_000) status = await ready();
    expect(status).toBe(503);

    // Reads need PostgreSQL only.
    const started = Date.now();
    const feed = await api.gql(FEED, {}, readerToken);
    expect(feed.errors).toBeUndefined();
    expect(feed.data!.advisories.edges.map((e: { node: { id: string } }) => e.node.id)).toContain(before);
    expect(Date.now() - started).toBeLessThan(2_000);

    // Publishing commits the state change and its outbox row; nothing can leave yet.
    const during = await approveNew('During the outage');
    const [event] = await query(`SELECT dispatched_at FROM outbox_events WHERE advisory_id = $1`, [during]);
    expect(event).toEqual({ dispatched_at: null });

    // Sign-in cannot check its rate limit: refused, quickly, with a clear error.
    const loginStarted = Date.now();
    const login = await api.gql(LOGIN, BOOTSTRAP_ADMIN);
    expect(Date.now() - loginStarted).toBeLessThan(5_000);
    expect(login.data).toBeNull();
    expect(login.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(login.errors?.[0].message).toMatch(/try again/i);
    expectNothingInternal(login);

    await sleep(2_000);
    expect(sink.counts.size).toBe(RECIPIENTS); // still only the first advisory's alerts
    expect((await query(`SELECT dispatched_at FROM outbox_events WHERE advisory_id = $1`, [during]))[0].dispatched_at).toBeNull();

    // Redis comes back empty: the relay hands the outbox row on, the reconciler re-adds what was lost.
    await redis.start();
    expect(await sink.waitForDistinct(2 * RECIPIENTS, 30_000)).toBe(true);
    await sleep(1_000); // a late duplicate would show up here
    const deliveries = await deliveriesOf(during);
    expect(deliveries).toHaveLength(RECIPIENTS);
    for (const delivery of deliveries) expect(sink.counts.get(delivery.id)).toBe(1);
    expect(deliveries.every((d) => d.status === 'DELIVERED')).toBe(true);
    expect(sink.posts).toBe(2 * RECIPIENTS);

    // And the rest recovers by itself.
    let back = await ready();
    const by = Date.now() + 10_000;
    while (back !== 200 && Date.now() < by) {
      await sleep(100);
      back = await ready();
    }
    expect(back).toBe(200);
    const again = await api.gql(LOGIN, BOOTSTRAP_ADMIN);
    expect(again.errors).toBeUndefined();
    expect(again.data!.login.accessToken).toBeTruthy();
  }, 90_000);
});
