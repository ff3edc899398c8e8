import * as fs from 'node:fs';
import * as path from 'node:path';
import { redactUrl, withPgClient } from '../services';
import { runCommand, type CommandFailedError } from './commands';
import type { Shutdown } from './shutdown';

/**
 * The demo seed (scripts/seed-demo.ts, compiled with the app into dist/scripts/seed-demo.js) is a
 * standalone program: it gets DATABASE_URL (and the rest of the app's environment), fills the
 * database with a demo council and prints the demo accounts. It runs once per database: each
 * database seeded is recorded in .data/seeded together with what the seed printed, so that later
 * runs can show the demo accounts again without seeding twice.
 */
export const SEED_SCRIPT = path.join('dist', 'scripts', 'seed-demo.js');

interface SeedRecord {
  seededAt: string;
  output: string;
}
type SeedRecords = Record<string, SeedRecord>;

export type SeedOutcome =
  { kind: 'seeded' | 'already-seeded'; output: string } | { kind: 'no-seed-script' } | { kind: 'failed'; reason: string };

export async function seedDemoOnce(options: {
  rootDir: string;
  databaseUrl: string;
  env: NodeJS.ProcessEnv;
  shutdown: Shutdown;
  log: (message: string) => void;
}): Promise<SeedOutcome> {
  const { rootDir, databaseUrl, log } = options;
  const recordFile = path.join(rootDir, '.data', 'seeded');
  const records = readRecords(recordFile);
  const database = await databaseIdentity(rootDir, databaseUrl);
  const earlier = records[database];
  if (earlier) return { kind: 'already-seeded', output: earlier.output };

  const seedScript = path.join(rootDir, SEED_SCRIPT);
  if (!fs.existsSync(seedScript)) return { kind: 'no-seed-script' };

  log(`seeding the demo council (${SEED_SCRIPT}, once per database)`);
  const printed: Buffer[] = [];
  try {
    await runCommand('demo seed', process.execPath, ['--enable-source-maps', seedScript], {
      cwd: rootDir,
      env: options.env,
      shutdown: options.shutdown,
      onStdout: (chunk) => {
        printed.push(chunk);
        process.stdout.write(chunk);
      },
    });
  } catch (error) {
    return { kind: 'failed', reason: (error as CommandFailedError).message };
  }
  const output = Buffer.concat(printed).toString('utf8').trimEnd();
  records[database] = { seededAt: new Date().toISOString(), output };
  fs.writeFileSync(recordFile, `${JSON.stringify(records, null, 2)}\n`);
  return { kind: 'seeded', output };
}

function readRecords(recordFile: string): SeedRecords {
  try {
    return JSON.parse(fs.readFileSync(recordFile, 'utf8')) as SeedRecords;
  } catch {
    return {};
  }
}

/**
 * What tells one database from another across runs. The embedded server's port changes at every
 * start, and a cluster or database deleted and made anew must be seeded again, so the key is the
 * cluster's system identifier (set by initdb) and the database's oid, not the URL.
 */
async function databaseIdentity(rootDir: string, databaseUrl: string): Promise<string> {
  return withPgClient(rootDir, databaseUrl, async (client) => {
    const { rows } = await client.query<{ name: string; oid: string }>(
      'SELECT current_database() AS name, oid::text AS oid FROM pg_database WHERE datname = current_database()',
    );
    // pg_control_system() may be refused to a non-superuser of an external server.
    const cluster = await client
      .query<{ id: string }>('SELECT system_identifier::text AS id FROM pg_control_system()')
      .then((result) => result.rows[0]?.id)
      .catch(() => undefined);
    const server = cluster ? `cluster ${cluster}` : new URL(redactUrl(databaseUrl)).host;
    return `${server} / ${rows[0]?.name} (oid ${rows[0]?.oid})`;
  });
}
