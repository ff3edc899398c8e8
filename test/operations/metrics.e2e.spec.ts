import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Queue } from 'bullmq';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { buildCouncil, lifecycleSteps, type LifecycleCouncil } from '../advisories/lifecycle-council';
import { startWebhookReceiver } from '../alerts/alert-receivers';
import { addWebhook, waitFor } from '../alerts/alert-test-kit';
import { insertAdvisory } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const METRICS_TOKEN = 'metrics-token-for-tests-0123456789';

/** The value of one sample line, e.g. sample(text, 'council_queue_jobs{queue="alert-delivery",state="delayed"}'). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

async function scrape(url: string, token?: string): Promise<Response> {
  return fetch(`${url}/metrics`, token === undefined ? {} : { headers: { authorization: `Bearer ${token}` } });
}

describe('GET /metrics without COUNCIL_METRICS_TOKEN', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_METRICS_TOKEN: '' });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('does not exist: 404, with or without a token', async () => {
    expect((await scrape(api.url)).status).toBe(404);
    expect((await scrape(api.url, METRICS_TOKEN)).status).toBe(404);
  });
});

describe('GET /metrics on the API and the worker, with COUNCIL_METRICS_TOKEN', () => {
  let api: TestApp;
  let worker: INestApplication;
  let workerUrl: string;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let council: LifecycleCouncil;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    api = await startTestApp({
      COUNCIL_METRICS_TOKEN: METRICS_TOKEN,
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      COUNCIL_ALERT_BACKOFF_MS: '20',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '2',
    });
    council = await buildCouncil(api);
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
  });

  it('refuses a scrape without a token or with a wrong one (401), and with an access token', async () => {
    for (const token of [undefined, 'wrong-token', `${METRICS_TOKEN}x`, api.tokenFor(council.author.id)]) {
      const response = await scrape(api.url, token);
      expect(response.status).toBe(401);
      expect(await response.text()).not.toContain('council_');
    }
  });

  it('answers with the Prometheus text format: process metrics and request latency by surface and GraphQL operation', async () => {
    await api.gqlOk('query Mine { me { id } }', undefined, council.author.token);
    const response = await scrape(api.url, METRICS_TOKEN);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
    expect(sample(text, 'council_http_request_duration_seconds_count{method="POST",route="/graphql",status="200"}')).toBeGreaterThanOrEqual(
      1,
    );
    expect(sample(text, 'council_graphql_operation_duration_seconds_count{type="query",field="me"}')).toBeGreaterThanOrEqual(1);
    // Error codes are counted (a bounded set), whether or not an operation was resolved.
    await api.gql('{ noSuchField }', undefined, council.author.token);
    await api.gql('query Others { auditChainStatus { ok } }', undefined, council.author.token);
    // Unknown paths share one label: no label per URL.
    await fetch(`${api.url}/some/random/path-${Date.now()}`);
    const after = await (await scrape(api.url, METRICS_TOKEN)).text();
    expect(sample(after, 'council_http_request_duration_seconds_count{method="GET",route="other",status="404"}')).toBeGreaterThanOrEqual(1);
    expect(after).not.toContain('path-');
    expect(sample(after, 'council_graphql_errors_total{code="GRAPHQL_VALIDATION_FAILED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'council_graphql_errors_total{code="FORBIDDEN"}')).toBeGreaterThanOrEqual(1);
  });

  it('the queue depth gauge reflects the jobs in each alert queue, read at scrape time', async () => {
    const queue = new Queue('alert-delivery', { connection: { url: api.env.REDIS_URL }, prefix: api.env.COUNCIL_REDIS_PREFIX });
    try {
      await queue.add('delivery', { deliveryId: 'x1' }, { jobId: 'metrics-test-1', priority: 1 });
      await queue.add('delivery', { deliveryId: 'x2' }, { jobId: 'metrics-test-2' });
      await queue.add('delivery', { deliveryId: 'x3' }, { jobId: 'metrics-test-3', delay: 3_600_000 });
      const text = await (await scrape(api.url, METRICS_TOKEN)).text();
      expect(sample(text, 'council_queue_jobs{queue="alert-delivery",state="waiting"}')).toBe(2);
      expect(sample(text, 'council_queue_jobs{queue="alert-delivery",state="delayed"}')).toBe(1);
      expect(sample(text, 'council_queue_jobs{queue="alert-delivery",state="active"}')).toBe(0);
      expect(sample(text, 'council_queue_jobs{queue="alert-fanout",state="waiting"}')).toBe(0);
      await queue.obliterate({ force: true });
      const emptied = await (await scrape(api.url, METRICS_TOKEN)).text();
      expect(sample(emptied, 'council_queue_jobs{queue="alert-delivery",state="waiting"}')).toBe(0);
    } finally {
      await queue.close();
    }
  });

  it('outbox lag: the pending events and the age of the oldest, per stage', async () => {
    const advisory = await insertAdvisory(api.dataSource, { authorId: council.author.id });
    await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES
         ('advisory.published', $1, 1, now() - interval '120 seconds'),
         ('advisory.updated', $1, 2, now() - interval '5 seconds')`,
      [advisory.id],
    );
    const text = await (await scrape(api.url, METRICS_TOKEN)).text();
    expect(sample(text, 'council_outbox_pending_events{stage="relay"}')).toBe(2);
    expect(sample(text, 'council_outbox_oldest_pending_age_seconds{stage="relay"}')).toBeGreaterThanOrEqual(119);
    expect(sample(text, 'council_outbox_oldest_pending_age_seconds{stage="relay"}')).toBeLessThan(600);
    expect(sample(text, 'council_outbox_pending_events{stage="fanout"}')).toBe(0);
    await api.dataSource.query(`DELETE FROM outbox_events WHERE advisory_id = $1`, [advisory.id]);
    const drained = await (await scrape(api.url, METRICS_TOKEN)).text();
    expect(sample(drained, 'council_outbox_pending_events{stage="relay"}')).toBe(0);
    expect(sample(drained, 'council_outbox_oldest_pending_age_seconds{stage="relay"}')).toBe(0);
  });

  it('the worker serves its own /metrics (same token) with delivery outcomes, latency and failed attempts', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    worker = moduleRef.createNestApplication({ logger: false });
    await worker.listen(0, '127.0.0.1');
    workerUrl = `http://127.0.0.1:${(worker.getHttpServer().address() as AddressInfo).port}`;
    expect((await scrape(workerUrl)).status).toBe(401);

    await addWebhook(api, council.reader.token, `${hooks.url}/ok/reader`, 'INFO');
    await addWebhook(api, council.colleague.token, `${hooks.url}/down/colleague`, 'INFO');
    await lifecycleSteps(api, council).published(council.author, { severity: 'HIGH' });

    let text = '';
    await waitFor('both deliveries to finish', async () => {
      text = await (await scrape(workerUrl, METRICS_TOKEN)).text();
      return (
        (sample(text, 'council_alert_deliveries_total{outcome="DELIVERED"}') ?? 0) >= 1 &&
        (sample(text, 'council_alert_deliveries_total{outcome="FAILED"}') ?? 0) >= 1
      );
    });
    expect(sample(text, 'council_alert_delivery_latency_seconds_count{outcome="DELIVERED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'council_alert_delivery_latency_seconds_count{outcome="FAILED"}')).toBeGreaterThanOrEqual(1);
    // Two attempts at the receiver that always fails: one retried, one final.
    expect(sample(text, 'council_alert_delivery_attempt_failures_total{final="false"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'council_alert_delivery_attempt_failures_total{final="true"}')).toBeGreaterThanOrEqual(1);
    expect(text).toContain('process_resident_memory_bytes');
  });
});
