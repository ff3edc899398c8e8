import 'reflect-metadata';
import { mkdirSync, rmSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { Queue, Worker } from 'bullmq';
import Redis from 'ioredis';
import { Client } from 'pg';
import { SigningSecrets } from '@app/alerts/channels/signing-secret';
import { DEFAULT_DELIVERY_CONCURRENCY } from '@app/alerts/alert-settings';
import { runMigrations } from '@app/platform/database/run-migrations';
import { BENCH_DIR, ROOT, databaseNameOf, maintenanceUrlOf, parseArgs, runMain, serverUrl, summarise, writeBenchFile } from './common';
import {
  duplicatesOf,
  insertRecipients,
  publishNationwideCritical,
  spawnWorker,
  startOwnRedis,
  startSink,
  type OwnRedis,
  type Query,
  type Sink,
  type WorkerProcess,
} from './fanout-kit';
import { recordResult } from './record';

/**
 * `npm run bench:fanout [-- --people N --runs R --concurrency C]`
 * `npm run bench:fanout-chaos [-- --people N]` (= `--chaos`)
 *
 * BENCHMARKS.md "fanout": one nationwide CRITICAL advisory to N people (default 50,000), each with
 * a webhook to a local sink, the worker as its own process (`node dist/apps/worker/src/main.js`).
 * Measures, from the commit of the approval (advisory + outbox row): the first delivery at the
 * sink and all N delivered; side by side in the same run, a bare BullMQ-to-sink loop of the same
 * size (addBulk 1,000 per call, a worker at the same concurrency POSTing to the same sink through
 * a keep-alive agent); and the worker's peak RSS (VmHWM). Medians over --runs (default 3).
 *
 * "fanout-chaos": the same with the worker SIGKILLed and restarted and Redis (its own, append-only,
 * fsync always) restarted mid-way; counts lost and duplicated deliveryIds at the sink.
 *
 * Its own database (council_bench_fanout, dropped, created and migrated here) and its own Redis key
 * prefix. Writes only under .bench/ and its row of BENCHMARKS.md (record.ts).
 */

const JWT_SECRET = 'bench-fanout-secret-that-is-long-enough-0123456789';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunResult {
  firstDeliveryMs: number;
  allDeliveredMs: number;
  bareMs: number;
  ratio: number;
  peakRssMb: number;
  delivered: number;
  duplicateIds: number;
  extraPosts: number;
}

async function recreateDatabase(url: string): Promise<void> {
  const admin = new Client({ connectionString: maintenanceUrlOf(url) });
  await admin.connect();
  try {
    const name = databaseNameOf(url);
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  await runMigrations(url);
}

/** The bare loop: addBulk 1,000 per call, one BullMQ worker at `concurrency` POSTing each job to the sink. */
async function bareLoop(redisUrl: string, prefix: string, sink: Sink, people: number, concurrency: number): Promise<number> {
  sink.reset();
  const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const queue = new Queue('bare', { connection, prefix });
  const worker = new Worker(
    'bare',
    async (job) =>
      new Promise<void>((resolve, reject) => {
        const body = JSON.stringify({ deliveryId: job.id });
        const request = http.request(
          `${sink.url}/bare`,
          {
            method: 'POST',
            agent,
            headers: {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
              'x-council-delivery': String(job.id),
            },
          },
          (response) => {
            response.resume();
            response.on('end', () => ((response.statusCode ?? 0) < 300 ? resolve() : reject(new Error(String(response.statusCode)))));
          },
        );
        request.on('error', reject);
        request.end(body);
      }),
    { connection, prefix, concurrency, removeOnComplete: { count: 1000 } },
  );
  await worker.waitUntilReady();
  const started = Date.now();
  const run = Date.now().toString(36);
  for (let start = 0; start < people; start += 1000) {
    const jobs = [];
    for (let n = start; n < Math.min(people, start + 1000); n++) {
      jobs.push({ name: 'deliver', data: { n }, opts: { jobId: `bare-${run}-${n}`, priority: 1, removeOnComplete: { count: 1000 } } });
    }
    await queue.addBulk(jobs);
  }
  if (!(await sink.waitForDistinct(people, 300_000))) throw new Error('the bare loop did not finish');
  const elapsed = (sink.lastAt ?? Date.now()) - started;
  await worker.close();
  await queue.obliterate({ force: true });
  await queue.close();
  agent.destroy();
  connection.disconnect();
  return elapsed;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const people = Number(args.flags.get('people') ?? 50_000);
  const runs = Number(args.flags.get('runs') ?? (args.flags.has('chaos') ? 1 : 3));
  // The worker's own default unless told otherwise; the bare loop runs at the same concurrency.
  const concurrency = Number(
    args.flags.get('concurrency') ?? process.env.COUNCIL_ALERT_DELIVERY_CONCURRENCY ?? DEFAULT_DELIVERY_CONCURRENCY,
  );
  const chaos = args.flags.has('chaos');
  const databaseUrl = String(args.flags.get('database-url') ?? `${serverUrl()}/council_bench_fanout${chaos ? '_chaos' : ''}`);
  const prefix = `bench-fanout-${Date.now().toString(36)}`;
  const logDir = join(BENCH_DIR, chaos ? 'fanout-chaos' : 'fanout');
  rmSync(logDir, { recursive: true, force: true });
  mkdirSync(logDir, { recursive: true });

  let ownRedis: OwnRedis | null = null;
  let worker: WorkerProcess | null = null;
  const sink = await startSink();
  const client = new Client({ connectionString: databaseUrl });
  try {
    const setupStarted = Date.now();
    await recreateDatabase(databaseUrl);
    await client.connect();
    const query: Query = async (sql, values) => (await client.query<Record<string, unknown>>(sql, values)).rows;
    const sealed = new SigningSecrets(JWT_SECRET).seal(SigningSecrets.generate());
    const { authorId } = await insertRecipients(query, { people, sinkUrl: sink.url, sealed });
    await client.query('ANALYZE');
    const setupMs = Date.now() - setupStarted;

    if (chaos) ownRedis = await startOwnRedis(join(logDir, 'redis'), join(logDir, 'redis.log'));
    const redisUrl = ownRedis?.url ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      COUNCIL_REDIS_PREFIX: prefix,
      COUNCIL_JWT_SECRET: JWT_SECRET,
      COUNCIL_ALERT_SECRET_KEY: '',
      COUNCIL_ALLOW_INSECURE_WEBHOOKS: 'true',
      COUNCIL_ALERT_DELIVERY_CONCURRENCY: String(concurrency),
      COUNCIL_WORKER_PORT: '0',
      COUNCIL_BOOTSTRAP_ADMIN_EMAIL: '',
      COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: '',
      ...(chaos
        ? {
            COUNCIL_ALERT_RECONCILE_INTERVAL_MS: '2000',
            COUNCIL_ALERT_RECONCILE_AFTER_MS: '5000',
            COUNCIL_ALERT_BACKOFF_MS: '1000',
            COUNCIL_ALERT_LOCK_MS: '5000',
          }
        : {}),
    };
    const results: RunResult[] = [];
    for (let run = 0; run < runs; run++) {
      const bareMs = chaos ? NaN : await bareLoop(redisUrl, prefix, sink, people, concurrency);
      worker = await spawnWorker(ROOT, env, join(logDir, `worker-${run}.log`));
      await sleep(500);
      sink.reset();
      const { approvedAt } = await publishNationwideCritical(query, authorId, `Fan-out run ${run}`);
      let peak = 0;
      if (chaos) {
        await sink.waitForDistinct(Math.floor(people * 0.3), 120_000);
        peak = Math.max(peak, worker.peakRssMb());
        await worker.kill('SIGKILL');
        await ownRedis!.restart();
        worker = await spawnWorker(ROOT, env, join(logDir, `worker-${run}-restarted.log`));
        await sink.waitForDistinct(Math.floor(people * 0.6), 120_000);
        await ownRedis!.restart();
      }
      const complete = await sink.waitForDistinct(people, chaos ? 300_000 : 180_000);
      peak = Math.max(peak, worker.peakRssMb());
      await sleep(chaos ? 3_000 : 0); // late duplicates would show up here
      const allDeliveredMs = (sink.lastAt ?? Date.now()) - approvedAt;
      const dup = duplicatesOf(sink);
      results.push({
        firstDeliveryMs: (sink.firstAt ?? NaN) - approvedAt,
        allDeliveredMs: complete ? allDeliveredMs : NaN,
        bareMs,
        ratio: Math.round((allDeliveredMs / bareMs) * 100) / 100,
        peakRssMb: peak,
        delivered: sink.counts.size,
        duplicateIds: dup.ids,
        extraPosts: dup.extraPosts,
      });
      console.error(`run ${run}: ${JSON.stringify(results.at(-1))}`);
      await worker.kill('SIGTERM');
      worker = null;
    }

    const median = (pick: (r: RunResult) => number) => summarise(results.map(pick)).median;
    const result = {
      benchmark: chaos ? 'fanout-chaos' : 'fanout',
      people,
      runs,
      concurrency,
      setupSeconds: Math.round(setupMs / 100) / 10,
      firstDeliveryMs: median((r) => r.firstDeliveryMs),
      allDeliveredMs: median((r) => r.allDeliveredMs),
      bareLoopMs: chaos ? null : median((r) => r.bareMs),
      ratio: chaos ? null : median((r) => r.ratio),
      workerPeakRssMb: Math.max(...results.map((r) => r.peakRssMb)),
      lost: Math.max(...results.map((r) => people - r.delivered)),
      duplicateIds: Math.max(...results.map((r) => r.duplicateIds)),
      extraPosts: Math.max(...results.map((r) => r.extraPosts)),
      targets: chaos ? { lost: 0, duplicateIds: 0 } : { firstDeliveryMs: 1000, ratio: 2.5, workerPeakRssMb: 300 },
      samples: results,
    };
    writeBenchFile(chaos ? 'fanout-chaos.json' : 'fanout.json', result);
    console.log(JSON.stringify(result));
    const n = people.toLocaleString('en');
    recordResult(
      chaos
        ? {
            id: 'fanout-chaos',
            command: `npm run bench:fanout-chaos${people !== 50_000 ? ` -- --people ${people}` : ''}`,
            result:
              `${n} webhook recipients, worker SIGKILLed at 30% and restarted, Redis (AOF, fsync always) restarted after the kill and again at 60%: ` +
              `${result.lost} lost, ${result.duplicateIds} duplicate deliveryIds (${result.extraPosts} extra POSTs); all delivered ${result.allDeliveredMs} after approval; worker peak RSS ${result.workerPeakRssMb} MB`,
          }
        : {
            id: 'fanout',
            command: `npm run bench:fanout${people !== 50_000 ? ` -- --people ${people}` : ''}`,
            result:
              `one nationwide CRITICAL advisory to ${n} webhooks (local sink), worker as its own process at concurrency ${concurrency}, medians of ${runs} runs: ` +
              `first delivery ${result.firstDeliveryMs} after approval (target ≤ 1000); all delivered ${result.allDeliveredMs}; ` +
              `bare BullMQ-to-sink loop ${result.bareLoopMs}: ${result.ratio}× (target ≤ 2.5×); worker peak RSS ${result.workerPeakRssMb} MB (target ≤ 300); ` +
              `${result.lost} lost, ${result.duplicateIds} duplicate deliveryIds`,
          },
    );
  } finally {
    await worker?.kill('SIGKILL').catch(() => undefined);
    await ownRedis?.stop().catch(() => undefined);
    await client.end().catch(() => undefined);
    await sink.close();
    if (!ownRedis) {
      // The shared Redis: remove this run's keys.
      const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 5000);
        cursor = next;
        if (keys.length > 0) await redis.unlink(...keys);
      } while (cursor !== '0');
      redis.disconnect();
    }
  }
}

runMain(main);
