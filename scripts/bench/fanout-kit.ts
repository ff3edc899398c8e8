/**
 * The moving parts shared by the fan-out fault test (test/alerts/alert-chaos.e2e.spec.ts) and the
 * fan-out benchmarks (scripts/bench/fanout.ts): a webhook sink that counts delivery ids, a Redis
 * of one's own with append-only persistence, the worker as a real child process (with its peak
 * RSS), recipients inserted in bulk, and a nationwide CRITICAL advisory published as
 * approveAdvisory publishes it (advisory row and outbox row in one transaction).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { findFreePort, redisAnswersPing } from '../services/net';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Anything that runs a parameterised query and returns rows (pg Client, TypeORM DataSource). */
export type Query = (sql: string, values?: unknown[]) => Promise<Array<Record<string, unknown>>>;

export interface Sink {
  url: string;
  /** POSTs answered, in all. */
  posts: number;
  /** Delivery id → how many times it was POSTed. */
  counts: Map<string, number>;
  /** Channel path → the distinct delivery ids POSTed to it. */
  byPath: Map<string, Set<string>>;
  /** Date.now() of the first and last POST. */
  firstAt: number | null;
  lastAt: number | null;
  /** Resolves once `n` distinct ids have arrived. */
  waitForDistinct(n: number, timeoutMs: number): Promise<boolean>;
  reset(): void;
  close(): Promise<void>;
}

/** A local HTTP receiver answering 204 to every POST; it records the X-Council-Delivery ids per path. */
export async function startSink(): Promise<Sink> {
  const sink = {
    url: '',
    posts: 0,
    counts: new Map<string, number>(),
    byPath: new Map<string, Set<string>>(),
    firstAt: null as number | null,
    lastAt: null as number | null,
  };
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const now = Date.now();
      const id = String(request.headers['x-council-delivery'] ?? '');
      sink.posts++;
      sink.counts.set(id, (sink.counts.get(id) ?? 0) + 1);
      const path = request.url ?? '/';
      let ids = sink.byPath.get(path);
      if (!ids) sink.byPath.set(path, (ids = new Set()));
      ids.add(id);
      if (sink.firstAt === null) sink.firstAt = now;
      sink.lastAt = now;
      response.statusCode = 204;
      response.end();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(sink, {
    async waitForDistinct(n: number, timeoutMs: number): Promise<boolean> {
      const end = Date.now() + timeoutMs;
      while (Date.now() < end) {
        if (sink.counts.size >= n) return true;
        await sleep(20);
      }
      return sink.counts.size >= n;
    },
    reset(): void {
      sink.posts = 0;
      sink.counts.clear();
      sink.byPath.clear();
      sink.firstAt = null;
      sink.lastAt = null;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Duplicates: ids POSTed more than once (after a crash between the POST and its record). */
export function duplicatesOf(sink: Sink): { ids: number; extraPosts: number } {
  let ids = 0;
  let extraPosts = 0;
  for (const count of sink.counts.values()) {
    if (count > 1) {
      ids++;
      extraPosts += count - 1;
    }
  }
  return { ids, extraPosts };
}

export interface OwnRedis {
  url: string;
  port: number;
  dir: string;
  pid(): number | undefined;
  /** SIGTERM (Redis writes and fsyncs the AOF), wait for the exit, start again on the same port and dir. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/** A Redis of one's own on a free port, append-only with fsync on every write, no RDB snapshots. */
export async function startOwnRedis(dir: string, logFile?: string): Promise<OwnRedis> {
  mkdirSync(dir, { recursive: true });
  const port = await findFreePort();
  let child: ChildProcess | null = null;
  const start = async () => {
    const out = logFile ? openSync(logFile, 'a') : 'ignore';
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', dir, '--save', ''],
      { stdio: ['ignore', out, out] },
    );
    const end = Date.now() + 10_000;
    while (!(await redisAnswersPing('127.0.0.1', port, 500))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`);
      if (Date.now() > end) throw new Error('redis-server did not answer within 10 s');
      await sleep(50);
    }
  };
  const stop = async () => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  await start();
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    dir,
    pid: () => child?.pid,
    async restart() {
      await stop();
      await start();
    },
    stop,
  };
}

export interface WorkerProcess {
  child: ChildProcess;
  pid: number;
  /** Peak resident set size so far, in MB (VmHWM; falls back to the largest VmRSS sampled). */
  peakRssMb(): number;
  kill(signal: NodeJS.Signals): Promise<void>;
}

function readStatusKb(pid: number, field: 'VmHWM' | 'VmRSS'): number | null {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : null;
  } catch {
    return null;
  }
}

export const WORKER_MAIN = join('dist', 'apps', 'worker', 'src', 'main.js');

/** `node dist/apps/worker/src/main.js` with `env` added to this process's environment; waits until it logs that it runs. */
export async function spawnWorker(rootDir: string, env: Record<string, string>, logFile: string): Promise<WorkerProcess> {
  const main = join(rootDir, WORKER_MAIN);
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nest build api)`);
  const out = openSync(logFile, 'a');
  // COUNCIL_BENCH_WORKER_NODE_ARGS: extra node flags for the worker (e.g. --cpu-prof to profile a run).
  const nodeArgs = (process.env.COUNCIL_BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, main], {
    cwd: rootDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', out],
  });
  let peakKb = 0;
  const sample = setInterval(() => {
    const kb = readStatusKb(child.pid!, 'VmHWM') ?? readStatusKb(child.pid!, 'VmRSS');
    if (kb !== null) peakKb = Math.max(peakKb, kb);
  }, 100);
  sample.unref();
  child.once('exit', () => clearInterval(sample));
  await new Promise<void>((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`the worker did not start within 30 s; log: ${logFile}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      appendFileSync(logFile, text);
      if (seen !== 'ok') {
        seen += text;
        if (seen.includes('alert worker running')) {
          seen = 'ok';
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`the worker exited (${code ?? signal}) before it ran; log: ${logFile}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    peakRssMb: () => {
      const kb = readStatusKb(child.pid!, 'VmHWM');
      if (kb !== null) peakKb = Math.max(peakKb, kb);
      return Math.round((peakKb / 1024) * 10) / 10;
    },
    async kill(signal: NodeJS.Signals) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill(signal);
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export interface Recipients {
  authorId: string;
  organisationIds: string[];
  /** Channel path at the sink (`/hook/<n>`) of every recipient channel. */
  paths: string[];
}

/**
 * `people` active members of CLASS_2 organisations (critical infrastructure, agreement valid),
 * each with one enabled WEBHOOK channel (minSeverity INFO) to `<sinkUrl>/hook/<n>`, plus an author
 * in an organisation of their own. `sealed` is the sealed signing secret stored on every channel
 * (SigningSecrets.seal of what addAlertChannel would have returned). All in a few statements.
 */
export async function insertRecipients(
  query: Query,
  options: { people: number; sinkUrl: string; sealed: string; organisations?: number },
): Promise<Recipients> {
  const organisations = options.organisations ?? Math.max(1, Math.ceil(options.people / 100));
  const orgRows = await query(
    `INSERT INTO organisations (name, kind, tier, sectors, prefecture, agreement_expires_at)
     SELECT 'Fan-out org ' || g, 'CRITICAL_INFRASTRUCTURE', 'CLASS_2', '{FINANCE}', lpad(((g % 47) + 1)::text, 2, '0'), now() + interval '365 days'
     FROM generate_series(0, $1::int) g RETURNING id`,
    [organisations],
  );
  const organisationIds = orgRows.map((r) => String(r.id));
  const authorOrg = organisationIds.pop()!;
  const [author] = await query(
    `INSERT INTO persons (email, display_name, organisation_id, pledge_expires_at) VALUES ($1, 'Fan-out author', $2, now() + interval '365 days') RETURNING id`,
    [`fanout-author-${Date.now()}@example.test`, authorOrg],
  );
  await query(
    `WITH people AS (
       INSERT INTO persons (email, display_name, organisation_id, pledge_expires_at)
       SELECT 'fanout-' || g || '@example.test', 'Recipient ' || g, ($1::uuid[])[1 + g % cardinality($1::uuid[])], now() + interval '365 days'
       FROM generate_series(0, $2::int - 1) g
       RETURNING id, email)
     INSERT INTO alert_channels (person_id, kind, target, min_severity, signing_secret_sealed, created_at)
     SELECT id, 'WEBHOOK', $3 || '/hook/' || split_part(split_part(email, '-', 2), '@', 1), 'INFO', $4, now() - interval '1 minute'
     FROM people`,
    [organisationIds, options.people, options.sinkUrl, options.sealed],
  );
  const paths = Array.from({ length: options.people }, (_, n) => `/hook/${n}`);
  return { authorId: String(author.id), organisationIds, paths };
}

/**
 * Publishes a nationwide (no audience restriction) UNCLASSIFIED TLP:CLEAR CRITICAL advisory as
 * approveAdvisory does: the PUBLISHED advisory and its `advisory.published` outbox row committed
 * together (one statement). Returns Date.now() right after the commit: "approval".
 */
export async function publishNationwideCritical(
  query: Query,
  authorId: string,
  title = 'Nationwide critical advisory',
): Promise<{ advisoryId: string; eventId: string; approvedAt: number }> {
  const [row] = await query(
    `WITH advisory AS (
       INSERT INTO advisories (status, severity, author_id, attributed, version, full_classification, full_tlp, full_title, full_summary,
                               full_body, full_recommended_actions, published_at, updated_at, sort_at)
       VALUES ('PUBLISHED', 'CRITICAL', $1, false, 1, 'UNCLASSIFIED', 'CLEAR', $2, 'Summary', 'Body', '{"Patch now"}', now(), now(), now())
       RETURNING id, published_at)
     INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at)
     SELECT 'advisory.published', id, 1, published_at FROM advisory RETURNING id, advisory_id`,
    [authorId, title],
  );
  return { advisoryId: String(row.advisory_id), eventId: String(row.id), approvedAt: Date.now() };
}

export interface DeliveryOutcomeRow {
  id: string;
  /** The channel's webhook URL. */
  target: string;
  status: string;
}

/**
 * The advisory's deliveries once none is PENDING any more, or as they stand after `timeoutMs`.
 * After a kill, what the dead process had claimed stays PENDING until its sending lease runs out
 * and another process sends and records it; outcomes may also lag the receiver by a moment.
 */
export async function settledDeliveries(query: Query, advisoryId: string, timeoutMs: number): Promise<DeliveryOutcomeRow[]> {
  const read = async () =>
    (
      await query(
        `SELECT d.id, c.target, d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
       JOIN alert_channels c ON c.id = d.channel_id WHERE al.advisory_id = $1`,
        [advisoryId],
      )
    ).map((row): DeliveryOutcomeRow => ({ id: String(row.id), target: String(row.target), status: String(row.status) }));
  let rows = await read();
  for (const deadline = Date.now() + timeoutMs; rows.some((d) => d.status === 'PENDING') && Date.now() < deadline;) {
    await sleep(250);
    rows = await read();
  }
  return rows;
}
