import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Worker, type Queue } from 'bullmq';
import Redis from 'ioredis';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { OutboxRelayService } from '../../libs/outbox/src/outbox-relay.service';
import { AlertFanoutService } from '../../libs/alerts/src/fanout/alert-fanout.service';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '../../libs/alerts/src/queues/alert-queues';
import { Classification, MembershipTier, Role, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { startWebhookReceiver } from './alert-receivers';
import { addWebhook, expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const RECONCILE_AFTER_MS = 1_000;
const BACKOFF_MS = 5_000;

/**
 * ALERTS.md: "A crash, a Redis restart or a worker restart between the two loses nothing and
 * duplicates nothing that a receiver can see". Here Redis loses the queue's keys at the worst
 * moments; the relay's reconciler re-adds the jobs from PostgreSQL with their stable ids.
 */
describe('the reconciler: jobs that Redis lost are re-added from PostgreSQL, and arrive exactly once', () => {
  let api: TestApp;
  let redis: Redis;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let worker: INestApplication | null = null;
  const people: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  let authorId: string;

  /** What a Redis restart without persistence does to one queue: every key of it is gone. */
  async function loseQueue(name: string): Promise<number> {
    const pattern = `${api.env.COUNCIL_REDIS_PREFIX}:${name}:*`;
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  }

  async function publish(): Promise<{ advisoryId: string; eventId: string }> {
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      severity: Severity.HIGH,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.GREEN,
      fullTitle: 'Reconciled advisory',
    });
    const [row] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    return { advisoryId: advisory.id, eventId: String(row.id) };
  }

  async function deliveriesOf(advisoryId: string): Promise<Array<{ id: string; status: string; target: string }>> {
    return api.dataSource.query(
      `SELECT d.id, d.status, c.target FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
       JOIN alert_channels c ON c.id = d.channel_id WHERE al.advisory_id = $1 ORDER BY c.target`,
      [advisoryId],
    );
  }

  const successesFor = (deliveryId: string) =>
    hooks.received.filter((w) => w.headers['x-council-delivery'] === deliveryId && w.status < 300);

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    api = await startTestApp({
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      COUNCIL_ALERT_BACKOFF_MS: String(BACKOFF_MS),
      COUNCIL_ALERT_RECONCILE_INTERVAL_MS: '200',
      COUNCIL_ALERT_RECONCILE_AFTER_MS: String(RECONCILE_AFTER_MS),
    });
    redis = new Redis(api.env.REDIS_URL);
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    authorId = (await insertPerson(api.dataSource, { organisationId: org.id })).id;
    for (const name of ['one', 'two', 'three']) {
      people[name] = (await insertPerson(api.dataSource, { organisationId: org.id })).id;
    }
    secrets.one = (await addWebhook(api, api.tokenFor(people.one), `${hooks.url}/ok/one`)).secret;
    secrets.two = (await addWebhook(api, api.tokenFor(people.two), `${hooks.url}/ok/two`)).secret;
    secrets.three = (await addWebhook(api, api.tokenFor(people.three), `${hooks.url}/flaky/three`)).secret;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
    redis?.disconnect();
  });

  it('an event relayed to a fan-out job that Redis then lost is fanned out after all, each delivery arriving once', async () => {
    // A worker that relays and then dies before anything runs the fan-out job (no processors: not initialised).
    const offline: TestingModule = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const { advisoryId, eventId } = await publish();
    expect(await offline.get(OutboxRelayService).relayOnce()).toBe(1);
    await offline.close();
    expect(await loseQueue(FANOUT_QUEUE)).toBeGreaterThan(0);

    worker = await startWorker();
    await waitFor('the reconciled fan-out', async () => {
      const [row] = await api.dataSource.query(`SELECT fanned_out_at FROM outbox_events WHERE id = $1`, [eventId]);
      return row.fanned_out_at !== null;
    });
    await waitFor('the deliveries', async () => (await deliveriesOf(advisoryId)).every((d) => d.status === 'DELIVERED'), 20_000);
    const deliveries = await deliveriesOf(advisoryId);
    expect(deliveries.map((d) => new URL(d.target).pathname)).toEqual(['/flaky/three', '/ok/one', '/ok/two']);
    await sleep(RECONCILE_AFTER_MS + 500); // several reconciliations more: nothing is sent again
    for (const delivery of deliveries) {
      const received = successesFor(delivery.id);
      expect(received).toHaveLength(1);
      expectSignedWith(received[0], secrets[new URL(delivery.target).pathname.split('/')[2]]);
    }
  });

  it('deliveries whose jobs Redis lost — one waiting in its retry backoff — arrive once, none missing', async () => {
    await worker?.close();
    worker = null;
    // The fan-out ran and queued its delivery jobs; then Redis lost them before any ran.
    const offline: TestingModule = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const { advisoryId, eventId } = await publish();
    await offline.get(OutboxRelayService).relayOnce();
    expect(await offline.get(AlertFanoutService).fanOut(eventId)).toMatchObject({ deliveries: 3, enqueued: 3 });
    await offline.close();
    await loseQueue(FANOUT_QUEUE);
    expect(await loseQueue(DELIVERY_QUEUE)).toBeGreaterThan(0);

    worker = await startWorker();
    await waitFor('the two healthy receivers', async () => {
      const deliveries = await deliveriesOf(advisoryId);
      return deliveries.filter((d) => d.status === 'DELIVERED').length === 2;
    });
    // The flaky receiver answered 500 once: its job now waits BACKOFF_MS for the retry. Redis loses it again.
    const flaky = (await deliveriesOf(advisoryId)).find((d) => d.target.includes('/flaky/'))!;
    await waitFor('the first (failed) attempt', () => hooks.received.some((w) => w.headers['x-council-delivery'] === flaky.id));
    expect((await deliveriesOf(advisoryId)).find((d) => d.id === flaky.id)!.status).toBe('PENDING');
    await loseQueue(DELIVERY_QUEUE);
    const lostAt = Date.now();

    await waitFor('the re-added retry', async () => (await deliveriesOf(advisoryId)).every((d) => d.status === 'DELIVERED'), 20_000);
    // It came back through the reconciler, not the lost delayed job.
    expect(Date.now() - lostAt).toBeLessThan(BACKOFF_MS);
    await sleep(BACKOFF_MS); // past the lost job's due time: nothing more arrives
    for (const delivery of await deliveriesOf(advisoryId)) {
      const received = successesFor(delivery.id);
      expect(received).toHaveLength(1);
      expectSignedWith(received[0], secrets[new URL(delivery.target).pathname.split('/')[2]]);
    }
    expect(hooks.received.filter((w) => w.headers['x-council-delivery'] === flaky.id).map((w) => w.status)).toEqual([500, 204]);
  });

  it('leaves delivered and failed deliveries alone, and adds nothing while the jobs still exist', async () => {
    const relay = worker!.get(OutboxRelayService);
    const before = hooks.received.length;
    const result = await relay.reconcile();
    expect(result).toEqual({ fanouts: 0, deliveries: 0, escalations: 0 });
    await sleep(QUIET_MS);
    expect(hooks.received.length).toBe(before);
  });

  it('an escalation whose delayed job Redis lost still happens once it is overdue', async () => {
    await worker?.close();
    worker = null;
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    await api.dataSource.query(`UPDATE organisations SET escalation_delay_seconds = 1 WHERE id = $1`, [org.id]);
    const analyst = (await insertPerson(api.dataSource, { organisationId: org.id })).id;
    const ciso = (await insertPerson(api.dataSource, { organisationId: org.id, roles: [Role.CISO] })).id;
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      severity: Severity.CRITICAL,
      fullTitle: 'Escalated after a Redis loss',
    });
    const [row] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    const offline: TestingModule = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    await offline.get(OutboxRelayService).relayOnce();
    await offline.get(AlertFanoutService).fanOut(String(row.id));
    await offline.close();
    await loseQueue(FANOUT_QUEUE);
    expect(await loseQueue(ESCALATION_QUEUE)).toBeGreaterThan(0);
    await api.dataSource.query(`UPDATE alerts SET acknowledged_at = now() WHERE person_id = $1 AND advisory_id = $2`, [ciso, advisory.id]);

    worker = await startWorker();
    await waitFor(
      'the escalation to the CISO',
      async () => {
        const rows = await api.dataSource.query(
          `SELECT 1 FROM alerts WHERE person_id = $1 AND advisory_id = $2 AND escalation_of IS NOT NULL`,
          [ciso, advisory.id],
        );
        return rows.length === 1;
      },
      15_000,
    );
    const [original] = await api.dataSource.query(`SELECT escalated_at FROM alerts WHERE person_id = $1 AND advisory_id = $2`, [
      analyst,
      advisory.id,
    ]);
    expect(original.escalated_at).not.toBeNull();
  });

  it('a delivery whose job BullMQ failed for good while the row stayed PENDING is marked FAILED, so it is visible and retriable', async () => {
    await worker?.close();
    worker = null;
    const offline: TestingModule = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const { advisoryId, eventId } = await publish();
    await offline.get(OutboxRelayService).relayOnce();
    await offline.get(AlertFanoutService).fanOut(eventId);
    await loseQueue(FANOUT_QUEUE);
    await loseQueue(DELIVERY_QUEUE);
    // One job comes back as on its last attempt, and the process running it dies before it records the outcome.
    const doomed = (await deliveriesOf(advisoryId)).find((d) => d.target.endsWith('/ok/two'))!;
    const queue = offline.get<Queue>(DELIVERY_QUEUE);
    await queue.add('deliver', { deliveryId: doomed.id }, { jobId: doomed.id, attempts: 1 });
    const connection = new Redis(api.env.REDIS_URL, { maxRetriesPerRequest: null });
    const rogue = new Worker(DELIVERY_QUEUE, () => Promise.reject(new Error('worker died mid-delivery')), {
      connection,
      prefix: api.env.COUNCIL_REDIS_PREFIX,
    });
    await waitFor('the job to fail for good', async () => (await queue.getJobState(doomed.id)) === 'failed');
    await rogue.close();
    connection.disconnect();
    await offline.close();

    worker = await startWorker();
    await waitFor('every delivery to settle', async () => (await deliveriesOf(advisoryId)).every((d) => d.status !== 'PENDING'), 20_000);
    const [row] = await api.dataSource.query(`SELECT status, last_error FROM alert_deliveries WHERE id = $1`, [doomed.id]);
    expect(row).toEqual({ status: 'FAILED', last_error: 'the delivery job failed: worker died mid-delivery' });
    expect(hooks.received.filter((w) => w.headers['x-council-delivery'] === doomed.id)).toEqual([]);
    for (const delivery of (await deliveriesOf(advisoryId)).filter((d) => d.id !== doomed.id)) {
      expect(delivery.status).toBe('DELIVERED');
      expect(successesFor(delivery.id)).toHaveLength(1);
    }
  });
});
