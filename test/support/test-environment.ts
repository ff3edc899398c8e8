/**
 * Where this test run's services are. global-setup.ts decides once per run and writes the answer
 * to a file, because Jest runs test files in worker processes that do not share its memory.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

export interface TestRun {
  runId: string;
  /** Server URL without a database name, e.g. postgres://postgres@127.0.0.1:5432 */
  postgresServerUrl: string;
  /** The migrated database every test database is copied from. */
  templateDatabase: string;
  redisUrl: string;
}

const RUN_FILE = join(tmpdir(), `council-test-run-${process.env.COUNCIL_TEST_RUN_KEY ?? process.ppid}.json`);

export function runFile(): string {
  return process.env.COUNCIL_TEST_RUN_FILE ?? RUN_FILE;
}

export function writeTestRun(run: TestRun): string {
  const file = runFile();
  writeFileSync(file, JSON.stringify(run));
  process.env.COUNCIL_TEST_RUN_FILE = file;
  return file;
}

export function readTestRun(): TestRun {
  const file = runFile();
  if (!existsSync(file)) throw new Error(`no test run description at ${file}: run the tests with npm test`);
  return JSON.parse(readFileSync(file, 'utf8')) as TestRun;
}

export function databaseUrl(run: TestRun, database: string): string {
  return `${run.postgresServerUrl}/${database}`;
}
