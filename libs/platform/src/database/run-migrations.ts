import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';

/** An arbitrary constant: the key of the PostgreSQL advisory lock that serialises migrators. */
const MIGRATION_LOCK_KEY = 0x636f756e63696c;

/**
 * Applies pending migrations under an advisory lock, so that replicas started together never race.
 * Returns the names of the migrations it applied.
 */
export async function runMigrations(databaseUrl: string): Promise<string[]> {
  const dataSource = new DataSource({ ...dataSourceOptions(databaseUrl), logging: false });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    try {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    }
  } finally {
    await dataSource.destroy();
  }
}

/** True when every migration this build knows is applied. Used by readiness. */
export async function pendingMigrationCount(dataSource: DataSource): Promise<number> {
  const known = dataSource.migrations.map((m) => m.name ?? m.constructor.name);
  // No table yet means nothing applied; any other failure (the server is down) is the caller's to see.
  const rows = await dataSource
    .query<Array<{ name: string }>>(`SELECT name FROM schema_migrations`)
    .catch((error: { code?: string }) => {
      if (error?.code === '42P01') return [];
      throw error;
    });
  const applied = new Set(rows.map((r) => r.name));
  return known.filter((name) => !applied.has(name)).length;
}
