import 'reflect-metadata';
import { DataSource, MigrationExecutor } from 'typeorm';
import { baseDataSourceOptions } from './data-source-options';

/** An arbitrary constant: the key of the PostgreSQL advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 0x636f756e63696c;

/**
 * Applies pending migrations under an advisory lock, so that replicas started together never race.
 * Returns the names of the migrations it applied. The lock is a session's: it is taken, held
 * through the migrations and released on one connection, since two pooled connections are two
 * sessions (an unlock on another one releases nothing).
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({ ...baseDataSourceOptions(databaseUrl), logging: false });
  await dataSource.initialize();
  const session = dataSource.createQueryRunner();
  try {
    await session.connect();
    await session.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const executor = new MigrationExecutor(dataSource, session);
      executor.transaction = 'each';
      const applied = await executor.executePendingMigrations();
      return applied.map((m) => m.name);
    } finally {
      await session.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await session.release();
    await dataSource.destroy();
  }
}

/** True when every migration this build knows is applied. Used by readiness. */
export async function pendingMigrationCount(dataSource: DataSource): Promise<number> {
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  // No table yet means nothing applied; any other failure (the server is down) is the caller's to see.
  const rows = await dataSource.query<Array<{ name: string }>>(`SELECT name FROM schema_migrations`).catch((error: { code?: string }) => {
    if (error?.code === '42P01') return [];
    throw error;
  });
  const applied = new Set(rows.map((r) => r.name));
  return known.filter((name) => !applied.has(name)).length;
}
