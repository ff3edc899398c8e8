import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { databaseUrl, readTestRun } from './test-environment';

/** A fresh, migrated database of this run (a copy of the run's template), as a URL. */
export async function createTestDatabase(): Promise<string> {
  const run = readTestRun();
  const name = `council_test_${run.runId}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: `${run.postgresServerUrl}/postgres` });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${run.templateDatabase}"`);
        break;
      } catch (error) {
        // Two copies of one template at the same instant: PostgreSQL asks the second to wait.
        if (attempt >= 20 || !/being accessed by other users/.test(String(error))) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  return databaseUrl(run, name);
}

/** A Redis key prefix unique to this test file within the run. */
export function testRedisPrefix(): string {
  return `test-${readTestRun().runId}-${randomBytes(4).toString('hex')}`;
}

export function testRedisUrl(): string {
  return readTestRun().redisUrl;
}
