import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** A port that was free a moment ago on 127.0.0.1 (the OS picks it; a race with others is unlikely). */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** True when a Redis server at host:port answers PING with PONG (no auth, no TLS). */
export function redisAnswersPing(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    let reply = '';
    const finish = (answered: boolean): void => {
      socket.destroy();
      resolve(answered);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.on('data', (chunk) => {
      reply += chunk.toString('latin1');
      if (reply.includes('\r\n')) finish(reply.startsWith('+PONG'));
    });
  });
}

/**
 * Polls `check` until it returns true. Gives up with an error after `timeoutMs`, or as soon as
 * `failure()` returns a reason (a server process that died, say), so nobody waits for a corpse.
 */
export async function waitUntil(
  what: string,
  check: () => Promise<boolean>,
  options: { timeoutMs: number; intervalMs?: number; failure?: () => string | undefined },
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reason = options.failure?.();
    if (reason) throw new Error(`${what}: ${reason}`);
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what}: no answer within ${options.timeoutMs / 1000} s`);
    await sleep(options.intervalMs ?? 200);
  }
}

/**
 * The little of node-postgres these scripts use. The project has no @types/pg (the app reaches
 * PostgreSQL through TypeORM), so the module is loaded untyped and given this shape.
 */
export interface PgClient {
  connect(): Promise<void>;
  query<Row = Record<string, unknown>>(text: string, values?: unknown[]): Promise<{ rows: Row[] }>;
  end(): Promise<void>;
  on(event: 'error', listener: (error: Error) => void): unknown;
}
interface PgModule {
  Client: new (config: { connectionString: string; connectionTimeoutMillis?: number }) => PgClient;
}

function loadPg(rootDir: string): PgModule {
  return createRequire(path.join(rootDir, 'package.json'))('pg') as PgModule;
}

/** Runs `use` with a connected client and always disconnects. */
export async function withPgClient<T>(
  rootDir: string,
  connectionString: string,
  use: (client: PgClient) => Promise<T>,
  connectionTimeoutMillis = 3_000,
): Promise<T> {
  const { Client } = loadPg(rootDir);
  const client = new Client({ connectionString, connectionTimeoutMillis });
  // A server that goes away mid-session emits 'error'; unhandled, that would crash the caller.
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** True when PostgreSQL accepts this connection string and runs a query. */
export async function postgresAnswers(rootDir: string, connectionString: string): Promise<boolean> {
  try {
    await withPgClient(rootDir, connectionString, (client) => client.query('SELECT 1'), 2_000);
    return true;
  } catch {
    return false;
  }
}

/** A connection string with the database part replaced. */
export function withDatabase(connectionString: string, database: string): string {
  const url = new URL(connectionString);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

/** The connection string without its password, for messages and logs. */
export function redactUrl(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return '(unparsable URL)';
  }
}
