import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { SigningSecrets } from '../../libs/alerts/src/channels/signing-secret';
import { runMigrations } from '../../libs/platform/src/database/run-migrations';
import { insertRecipients, publishNationwideCritical, startSink, type Sink } from '../../scripts/bench/fanout-kit';
import { startWorker } from '../alerts/alert-test-kit';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectNothingInternal } from '../support/membership-session';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { scratchDir, startOwnPostgres, type OwnServer } from './own-services';

const FEED = `query { advisories(first: 10) { edges { node { id title } } } }`;
const LOAD_CLIENTS = 4;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Answer {
  at: number;
  status: number;
  body: GraphQLResponse<{ advisories: { edges: unknown[] } }>;
}

/**
 * Issue 7: PostgreSQL restarted under load. The API (in this process, against a PostgreSQL of the
 * test's own) keeps answering: while the server is down, /health/ready answers 503 and every request
 * a clear SERVICE_UNAVAILABLE error without internals; once it is back, readiness and requests
 * recover without restarting the API (the pool drops dead connections and makes new ones).
 */
describe('PostgreSQL restarted under load', () => {
  let dir: string;
  let postgres: OwnServer;
  let api: TestApp;
  let token: string;
  let advisoryCount: number;
  let worker: INestApplication;
  let sink: Sink;
  let authorId: string;

  beforeAll(async () => {
    dir = scratchDir('council-pg-restart-');
    postgres = await startOwnPostgres(dir);
    await runMigrations(postgres.url);
    api = await startTestApp({
      DATABASE_URL: postgres.url,
      COUNCIL_DB_POOL_SIZE: '5',
      COUNCIL_DB_CONNECT_TIMEOUT_MS: '2000',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '100',
      COUNCIL_ALERT_BACKOFF_MS: '200',
    });
    worker = await startWorker(); // the alert worker too, in this process, on the same PostgreSQL
    sink = await startSink();
    const sealed = api.app.get(SigningSecrets, { strict: false }).seal(SigningSecrets.generate());
    ({ authorId } = await insertRecipients((sql, values) => api.dataSource.query(sql, values), { people: 3, sinkUrl: sink.url, sealed }));
    const org = await insertOrganisation(api.dataSource);
    const reader = await insertPerson(api.dataSource, { organisationId: org.id });
    for (let i = 0; i < 3; i++) await insertAdvisory(api.dataSource, { authorId: reader.id, fullTitle: `Restart advisory ${i}` });
    advisoryCount = 3;
    token = api.tokenFor(reader.id);
  }, 120_000);

  afterAll(async () => {
    await worker?.close().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    await api?.close().catch(() => undefined);
    await postgres?.stop().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  const ready = async () => {
    const response = await fetch(`${api.url}/health/ready`);
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };

  /** LOAD_CLIENTS loops asking for the feed until `stop` is set; every answer is kept. */
  function load(): { answers: Answer[]; stop(): Promise<void> } {
    const answers: Answer[] = [];
    let stopping = false;
    const loops = Array.from({ length: LOAD_CLIENTS }, async () => {
      while (!stopping) {
        const response = await fetch(`${api.url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: FEED }),
        });
        answers.push({ at: Date.now(), status: response.status, body: (await response.json()) as Answer['body'] });
        await sleep(20);
      }
    });
    return {
      answers,
      async stop() {
        stopping = true;
        await Promise.all(loops);
      },
    };
  }

  const succeeded = (a: Answer) => a.status === 200 && !a.body.errors && a.body.data?.advisories.edges.length === advisoryCount;

  it('answers clear errors while it is down and recovers without a restart', async () => {
    expect((await ready()).status).toBe(200);
    const traffic = load();
    await sleep(1_000);

    const stopping = Date.now();
    await postgres.stop();
    const stoppedAt = Date.now();
    let down = await ready();
    for (let i = 0; i < 40 && down.status === 200; i++) down = await ready();
    expect(down.status).toBe(503);
    expect(down.body).toMatchObject({ status: 'not ready', database: 'unreachable' });
    await sleep(2_000); // requests keep coming while the server is away

    const restartedAt = Date.now();
    await postgres.start();
    let up = await ready();
    const recoverBy = Date.now() + 15_000;
    while (up.status !== 200 && Date.now() < recoverBy) {
      await sleep(100);
      up = await ready();
    }
    expect(up).toEqual({ status: 200, body: { status: 'ready', database: 'ok', redis: 'ok' } });
    const recoveredAt = Date.now();
    await sleep(1_500);
    await traffic.stop();

    const before = traffic.answers.filter((a) => a.at < stopping);
    const during = traffic.answers.filter((a) => a.at > stoppedAt + 200 && a.at < restartedAt);
    const after = traffic.answers.filter((a) => a.at > recoveredAt + 200);
    console.log(
      `postgres restart: ${JSON.stringify({ before: before.length, during: during.length, after: after.length, recoveryMs: recoveredAt - restartedAt })}`,
    );
    expect(before.length).toBeGreaterThan(0);
    expect(before.every(succeeded)).toBe(true);

    // While it is down: a GraphQL error with a code and a message that says to retry, never a 5xx or internals.
    expect(during.length).toBeGreaterThan(0);
    for (const answer of during) {
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.errors).toHaveLength(1);
      expect(answer.body.errors![0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(answer.body.errors![0].message).toMatch(/temporarily unavailable.*try again/i);
      expectNothingInternal(answer.body);
      expect(JSON.stringify(answer.body)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres|terminat/i);
    }

    // After: every request succeeds, on the same API process.
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((a) => !succeeded(a))).toEqual([]);
    const written = await api.gqlOk(`query { me { id } }`, {}, token);
    expect(written.me.id).toBeTruthy();

    // The worker lived through it as well: an advisory published now reaches its recipients.
    await publishNationwideCritical((sql, values) => api.dataSource.query(sql, values), authorId, 'After the restart');
    expect(await sink.waitForDistinct(3, 20_000)).toBe(true);
  }, 90_000);
});
