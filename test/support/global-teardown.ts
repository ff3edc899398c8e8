import { rmSync } from 'node:fs';
import Redis from 'ioredis';
import { Client } from 'pg';
import { readTestRun, runFile } from './test-environment';

/** Drops this run's databases and Redis keys; other runs' are left alone. */
export default async function globalTeardown(): Promise<void> {
  const run = readTestRun();
  if (process.env.COUNCIL_KEEP_TEST_DATABASES !== 'true') {
    const admin = new Client({ connectionString: `${run.postgresServerUrl}/postgres` });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
        `council_test_${run.runId}_%`,
      ]);
      for (const { datname } of rows) {
        await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
      }
    } finally {
      await admin.end();
    }
  }
  const redis = new Redis(run.redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `test-${run.runId}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
  } catch {
    // Redis gone at the end of a run leaves nothing of ours to clean.
  } finally {
    redis.disconnect();
  }
  rmSync(runFile(), { force: true });
  // Servers that global setup started itself (embedded PostgreSQL, a redis-server) stop with the run.
  const services = (globalThis as { councilTestServices?: Array<{ stop(): Promise<void> }> }).councilTestServices ?? [];
  for (const service of services.reverse()) await service.stop();
}
