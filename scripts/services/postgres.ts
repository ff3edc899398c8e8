import * as path from 'node:path';
import { startEmbeddedPostgres } from './embedded-postgres';
import { postgresAnswers, redactUrl, withDatabase, withPgClient } from './net';
import type { EnsureServiceOptions, RunningService } from './types';

/** The machine's own PostgreSQL as CI and these machines have it: trust auth for `postgres`. */
export const LOCAL_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

export interface EnsurePostgresOptions extends EnsureServiceOptions {
  /**
   * A database to connect to, created when missing. Ignored when DATABASE_URL is set: that names
   * its database itself. Default: the server's `postgres` database.
   */
  database?: string;
}

/**
 * A PostgreSQL server to use, in this order (RUNNING.md):
 * DATABASE_URL; in test mode the local server on 127.0.0.1:5432 when it answers; otherwise an
 * embedded server with its cluster in `.data/postgres`, kept between runs.
 */
export async function ensurePostgres(options: EnsurePostgresOptions): Promise<RunningService> {
  const rootDir = options.rootDir ?? process.cwd();
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.log(`[postgres] ${message}`));

  const fromEnvironment = env.DATABASE_URL?.trim();
  if (fromEnvironment) {
    return {
      url: fromEnvironment,
      origin: 'environment',
      description: `PostgreSQL from DATABASE_URL (${redactUrl(fromEnvironment)})`,
      stop: () => Promise.resolve(),
    };
  }

  let server: RunningService;
  if (options.mode === 'test' && (await postgresAnswers(rootDir, LOCAL_POSTGRES_URL))) {
    server = {
      url: LOCAL_POSTGRES_URL,
      origin: 'local',
      description: 'local PostgreSQL on 127.0.0.1:5432',
      stop: () => Promise.resolve(),
    };
  } else {
    server = await startEmbeddedPostgres({
      mode: options.mode,
      rootDir,
      dataDir: options.dataDir ?? path.join(rootDir, '.data', 'postgres'),
      log,
      env,
    });
  }

  if (!options.database) return server;
  try {
    await createDatabaseIfMissing(rootDir, server.url, options.database);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return { ...server, url: withDatabase(server.url, options.database) };
}

export async function createDatabaseIfMissing(rootDir: string, serverUrl: string, database: string): Promise<void> {
  await withPgClient(rootDir, serverUrl, async (client) => {
    const { rows } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rows.length > 0) return;
    const quoted = `"${database.replace(/"/g, '""')}"`;
    await client.query(`CREATE DATABASE ${quoted}`).catch((error: unknown) => {
      // Someone else created it in the meantime (42P04 duplicate_database): what we wanted.
      if ((error as { code?: string }).code !== '42P04') throw error;
    });
  });
}
