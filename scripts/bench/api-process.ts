import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import jwt from 'jsonwebtoken';
import { runMigrations } from '@app/platform/database/run-migrations';
import { findFreePort } from '../services/net';
import { BENCH_DIR } from './common';

const API_MAIN = join('dist', 'apps', 'api', 'src', 'main.js');
/** Only for the benchmark's own API process: its tokens are minted here, as the platform mints them. */
const BENCH_JWT_SECRET = 'bench-only-secret-0123456789abcdef0123456789abcdef';
/** Production requires a webhook-secret sealing key of its own (council-config.ts). */
const BENCH_ALERT_SECRET_KEY = 'bench-only-alert-key-fedcba9876543210fedcba98765432';

export interface ApiProcess {
  url: string;
  /** An access token for the person, signed as AccessTokenService signs them. */
  tokenFor(personId: string): string;
  stop(): Promise<void>;
}

/**
 * The built API (`node dist/apps/api/src/main.js`) as its own process, in production mode, on the
 * benchmark database (migrated first, as `npm start` does): what a client of the platform talks to.
 * Waits for /health/ready.
 */
export async function startApiProcess(
  rootDir: string,
  databaseUrl: string,
  redisUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<ApiProcess> {
  const main = join(rootDir, API_MAIN);
  if (!existsSync(main)) throw new Error(`${main} is missing: build first (npx nest build api)`);
  // As `npm start` does: the data set may predate the newest migrations.
  await runMigrations(databaseUrl);
  const port = await findFreePort();
  mkdirSync(BENCH_DIR, { recursive: true });
  const log = openSync(join(BENCH_DIR, 'api.log'), 'a');
  // COUNCIL_BENCH_API_NODE_ARGS: extra node flags for the API process (e.g. --cpu-prof to profile a run).
  const nodeArgs = (process.env.COUNCIL_BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, main], {
    cwd: rootDir,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      COUNCIL_REDIS_PREFIX: `bench-${process.pid}`,
      COUNCIL_JWT_SECRET: BENCH_JWT_SECRET,
      COUNCIL_ALERT_SECRET_KEY: BENCH_ALERT_SECRET_KEY,
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
    stdio: ['ignore', log, log],
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}: see .bench/api.log`);
    const ready = await fetch(`${url}/health/ready`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error('the API did not become ready within 60 s: see .bench/api.log');
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    url,
    tokenFor: (personId) =>
      jwt.sign({ sub: personId }, BENCH_JWT_SECRET, { algorithm: 'HS256', expiresIn: 3600, issuer: 'council', audience: 'council-api' }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
      }),
  };
}

/** One GraphQL POST; throws on a transport error or a GraphQL error. */
export async function graphql<T>(url: string, token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (!response.ok || body.errors?.length) {
    throw new Error(`GraphQL ${response.status}: ${body.errors?.map((e) => e.message).join('; ') ?? 'no body'}`);
  }
  return body.data as T;
}
