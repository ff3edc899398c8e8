import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SigningSecrets } from '../../libs/alerts/src/channels/signing-secret';
import {
  insertRecipients,
  publishNationwideCritical,
  settledDeliveries,
  spawnWorker,
  startSink,
  type Query,
  type Sink,
  type WorkerProcess,
} from '../../scripts/bench/fanout-kit';
import { startTestApp, type TestApp } from '../support/test-app';

/** How many recipients (COUNCIL_KILL_PEOPLE, default 3,000). */
const PEOPLE = Number(process.env.COUNCIL_KILL_PEOPLE ?? 3_000);
const CONCURRENCY = 50;
const ROOT = process.cwd(); // npm test runs from the project root

/**
 * Issue 7, "the worker killed mid-fan-out": the real worker process (`node dist/apps/worker/src/main.js`)
 * is SIGKILLed twice while it POSTs PEOPLE webhook deliveries, and restarted each time.
 *
 * Nothing may be lost: every delivery ends DELIVERED and its id reached its channel. A duplicate is
 * possible only in the window no design closes — the receiver took the POST, the process died
 * before committing the outcome — so every deliveryId POSTed twice must be one that the killed
 * process held a sending claim on at the instant of its death (read from PostgreSQL right after
 * the kill); a job re-run elsewhere while it was sending, or re-added by the reconciler, would
 * show up as a duplicate outside that set. The measured count is printed.
 */
describe(`a worker SIGKILLed twice during a fan-out to ${PEOPLE} webhooks`, () => {
  let dir: string;
  let sink: Sink | null = null;
  let api: TestApp | null = null;
  let worker: WorkerProcess | null = null;
  let workerEnv: Record<string, string>;
  let query: Query;
  let authorId: string;
  const logs: string[] = [];

  const startWorker = async (name: string) => {
    const log = join(dir, `${name}.log`);
    logs.push(log);
    worker = await spawnWorker(ROOT, workerEnv, log);
  };

  beforeAll(async () => {
    execFileSync('npx', ['nest', 'build', 'api'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
    dir = mkdtempSync(join(tmpdir(), 'council-kill-'));
    sink = await startSink();
    api = await startTestApp();
    query = (sql, values) => api!.dataSource.query(sql, values);
    workerEnv = {
      ...api.env,
      COUNCIL_WORKER_PORT: '0',
      COUNCIL_DB_POOL_SIZE: '20',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '100',
      COUNCIL_ALERT_DELIVERY_CONCURRENCY: String(CONCURRENCY),
      COUNCIL_ALERT_BACKOFF_MS: '200',
      COUNCIL_ALERT_LOCK_MS: '2000',
      COUNCIL_ALERT_SEND_LEASE_MS: '2000',
      COUNCIL_ALERT_RECONCILE_INTERVAL_MS: '1000',
      COUNCIL_ALERT_RECONCILE_AFTER_MS: '3000',
    };
    const sealed = api.app.get(SigningSecrets, { strict: false }).seal(SigningSecrets.generate());
    ({ authorId } = await insertRecipients(query, { people: PEOPLE, sinkUrl: sink.url, sealed }));
    await startWorker('worker-1');
  }, 180_000);

  afterAll(async () => {
    await worker?.kill('SIGKILL').catch(() => undefined);
    await api?.close().catch(() => undefined);
    await sink?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('loses nothing, and POSTs twice only deliveries the killed process was sending when it died', async () => {
    const { advisoryId } = await publishNationwideCritical(query, authorId, 'Kill advisory');
    const s = sink!;
    const inFlightAtKill = new Set<string>();
    const killAt = async (share: number, next: string) => {
      expect(await s.waitForDistinct(Math.floor(PEOPLE * share), 60_000)).toBe(true);
      await worker!.kill('SIGKILL');
      const claimed = await query(`SELECT id FROM alert_deliveries WHERE status = 'PENDING' AND sending_by IS NOT NULL`);
      for (const row of claimed) inFlightAtKill.add(String(row.id));
      await startWorker(next);
    };
    await killAt(0.25, 'worker-2');
    await killAt(0.6, 'worker-3');

    const complete = await s.waitForDistinct(PEOPLE, 60_000);
    const deliveries = await settledDeliveries(query, advisoryId, 20_000);
    await new Promise((r) => setTimeout(r, 1_000)); // anything sent late would show here
    const duplicated = [...s.counts].filter(([, count]) => count > 1).map(([id]) => id);
    console.log(
      `worker kill: ${JSON.stringify({ people: PEOPLE, concurrency: CONCURRENCY, kills: 2, claimedAtKills: inFlightAtKill.size, posts: s.posts, distinct: s.counts.size, duplicateDeliveryIds: duplicated.length })}`,
    );
    if (!complete) console.log(logs.map((log) => `${log}:\n${readFileSync(log, 'utf8').split('\n').slice(-15).join('\n')}`).join('\n'));

    expect(complete).toBe(true);
    expect(deliveries).toHaveLength(PEOPLE);
    const missing = deliveries.filter((d) => !s.byPath.get(new URL(d.target).pathname)?.has(d.id));
    expect(missing).toEqual([]);
    expect(s.counts.size).toBe(PEOPLE);
    expect(deliveries.filter((d) => d.status !== 'DELIVERED')).toEqual([]);
    // The residual window: only what the dead process held a claim on, and never more than twice.
    expect(duplicated.filter((id) => !inFlightAtKill.has(id))).toEqual([]);
    expect(Math.max(...s.counts.values())).toBeLessThanOrEqual(2);
    expect(duplicated.length).toBeLessThanOrEqual(2 * CONCURRENCY);
  }, 150_000);
});
