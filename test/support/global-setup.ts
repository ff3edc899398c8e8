import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { join } from 'node:path';
import { ensurePostgres, ensureRedis } from '../../scripts/services';
import { ensureChromium, type TestPathFilter } from './chromium';
import { writeTestRun } from './test-environment';

/**
 * Global setup runs outside Jest's module mapper, so the @app/* aliases of the migrations' entities
 * are resolved here by tsconfig-paths.
 */
async function migrate(databaseUrl: string): Promise<void> {
  const { register } = await import('tsconfig-paths');
  const root = join(__dirname, '..', '..');
  register({
    baseUrl: root,
    paths: {
      '@app/*': ['libs/*/src'],
      '@app/platform/*': ['libs/platform/src/*'],
      '@app/membership/*': ['libs/membership/src/*'],
      '@app/identity/*': ['libs/identity/src/*'],
      '@app/audit/*': ['libs/audit/src/*'],
      '@app/advisories/*': ['libs/advisories/src/*'],
      '@app/alerts/*': ['libs/alerts/src/*'],
      '@app/policy/*': ['libs/policy/src/*'],
      '@app/feeds/*': ['libs/feeds/src/*'],
      '@app/incidents/*': ['libs/incidents/src/*'],
    },
  });
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runMigrations } = require('../../libs/platform/src/database/run-migrations') as {
    runMigrations: (url: string) => Promise<string[]>;
  };
  await runMigrations(databaseUrl);
}

async function answers(url: string): Promise<boolean> {
  const client = new Client({ connectionString: `${url}/postgres`, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function serverUrlOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  url.pathname = '';
  return url.toString().replace(/\/$/, '');
}

/**
 * Once per `npm test`: Chromium for the console's browser tests when they run, then PostgreSQL and
 * Redis, and a migrated template database for this run.
 */
export default async function globalSetup(globalConfig?: { testPathPatterns?: TestPathFilter }): Promise<void> {
  const runId = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const root = join(__dirname, '..', '..');
  ensureChromium({
    rootDir: root,
    testPathPatterns: globalConfig?.testPathPatterns,
    log: (message) => console.log(`[test browser] ${message}`),
  });
  // DATABASE_URL / REDIS_URL when set, else the machine's local servers, else embedded ones.
  const quiet = { rootDir: root, mode: 'test' as const, log: (message: string) => console.log(`[test services] ${message}`) };
  const postgres = await ensurePostgres(quiet);
  const redis = await ensureRedis(quiet).catch(async (error: unknown) => {
    await postgres.stop();
    throw error;
  });
  (globalThis as { councilTestServices?: unknown }).councilTestServices = [postgres, redis];
  const postgresServerUrl = serverUrlOf(postgres.url);
  if (!(await answers(postgresServerUrl))) {
    throw new Error(`PostgreSQL does not answer at ${postgresServerUrl}`);
  }
  const templateDatabase = `council_test_${runId}_template`;
  const admin = new Client({ connectionString: `${postgresServerUrl}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${templateDatabase}"`);
  } finally {
    await admin.end();
  }
  await migrate(`${postgresServerUrl}/${templateDatabase}`);
  writeTestRun({
    runId,
    postgresServerUrl,
    templateDatabase,
    redisUrl: redis.url,
  });
}
