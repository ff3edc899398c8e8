import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runMigrations } from '../../libs/platform/src/database/run-migrations';
import { ensurePostgres, withDatabase, withPgClient } from '../services';
import { DATABASE_TYPES_FILE, renderDatabaseTypes } from './render-database-types';

/**
 * `npm run db:types`: migrates a throwaway database from nothing and rewrites the Kysely `DB`
 * interface from it, so the types describe what the migrations make and nothing a developer's
 * database happens to hold besides.
 */
async function main(): Promise<void> {
  const rootDir = process.cwd();
  const postgres = await ensurePostgres({ mode: 'test', rootDir });
  const database = `council_db_types_${randomBytes(4).toString('hex')}`;
  const adminUrl = withDatabase(postgres.url, 'postgres');
  try {
    await withPgClient(rootDir, adminUrl, (client) => client.query(`CREATE DATABASE "${database}"`));
    try {
      const url = withDatabase(postgres.url, database);
      await runMigrations(url);
      writeFileSync(join(rootDir, DATABASE_TYPES_FILE), await renderDatabaseTypes(url));
      console.log(`wrote ${DATABASE_TYPES_FILE}`);
    } finally {
      await withPgClient(rootDir, adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${database}"`));
    }
  } finally {
    await postgres.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
