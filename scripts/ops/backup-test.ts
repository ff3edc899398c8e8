/**
 * `npm run backup:test`: proves that scripts/ops/backup.sh and restore.sh give back the same
 * database. On a scratch database of the PostgreSQL server at COUNCIL_BACKUP_TEST_SERVER_URL
 * (default postgres://postgres@127.0.0.1:5432; a superuser or a role that may create databases):
 * migrate, write a demo council through the seed (organisations, people, advisories, the decision
 * log) plus access-log and outbox rows, back up, restore into a second scratch database, then
 * compare every table (row count and a checksum over its rows) and every sequence, and verify the
 * decision log's hash chain on the copy. Both databases are dropped at the end, pass or fail.
 * Exit 0 when the copy is identical and its chain holds, 1 otherwise.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { runMigrations } from '../../libs/platform/src/database/run-migrations';
import { describeVerification, verifyAuditChain } from '../../libs/audit/src/cli/pg-audit-chain';

const ROOT = resolve(__dirname, '../..');

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    execFile(command, args, { cwd: ROOT, env: { ...process.env, ...env }, timeout: 120_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${[command, ...args].join(' ')} failed: ${stderr || error.message}`));
      else resolvePromise(stdout);
    });
  });
}

async function withClient<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Row count and an md5 over the sorted text of every row, per table; last value per sequence. */
async function fingerprint(url: string): Promise<Record<string, string>> {
  return withClient(url, async (client) => {
    const prints: Record<string, string> = {};
    const { rows: tables } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
    );
    for (const { name } of tables) {
      const { rows } = await client.query<{ n: string; sum: string | null }>(
        `SELECT count(*)::text AS n, md5(string_agg(t::text, E'\\n' ORDER BY t::text)) AS sum FROM ${name} t`,
      );
      prints[`table ${name}`] = `${rows[0].n} rows, md5 ${rows[0].sum ?? '-'}`;
    }
    const { rows: sequences } = await client.query<{ name: string; value: string | null }>(
      `SELECT quote_ident(sequencename) AS name, last_value::text AS value FROM pg_sequences WHERE schemaname = 'public' ORDER BY sequencename`,
    );
    for (const { name, value } of sequences) prints[`sequence ${name}`] = value ?? 'unused';
    return prints;
  });
}

async function writeCouncil(url: string): Promise<void> {
  await runMigrations(url);
  // The demo council, written through the same code as `npm run dev`: entities and the audit service.
  await run(
    process.execPath,
    ['node_modules/ts-node/dist/bin.js', '--transpile-only', '-r', 'tsconfig-paths/register', 'scripts/seed-demo.ts'],
    {
      DATABASE_URL: url,
    },
  );
  await withClient(url, async (client) => {
    await client.query(
      `INSERT INTO access_log (occurred_at, person_id, advisory_id, advisory_version, classification)
       SELECT now() - (n || ' minutes')::interval, p.id, a.id, a.version, a.full_classification
         FROM generate_series(1, 25) n
         JOIN LATERAL (SELECT id FROM persons ORDER BY email OFFSET (n % 5) LIMIT 1) p ON true
         JOIN LATERAL (SELECT id, version, full_classification FROM advisories ORDER BY id OFFSET (n % 3) LIMIT 1) a ON true`,
    );
    await client.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at)
       SELECT 'advisory.published', id, version, now() FROM advisories ORDER BY id LIMIT 2`,
    );
  });
}

async function main(): Promise<number> {
  const server = (process.env.COUNCIL_BACKUP_TEST_SERVER_URL ?? 'postgres://postgres@127.0.0.1:5432').replace(/\/+$/, '');
  const suffix = `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const source = `council_backup_source_${suffix}`;
  const copy = `council_backup_copy_${suffix}`;
  const sourceUrl = `${server}/${source}`;
  const copyUrl = `${server}/${copy}`;
  const work = mkdtempSync(join(tmpdir(), 'council-backup-test-'));
  const started = Date.now();
  const log = (message: string) => console.log(`backup:test: ${message} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  await withClient(`${server}/postgres`, (client) => client.query(`CREATE DATABASE "${source}"`));
  try {
    await writeCouncil(sourceUrl);
    log(`scratch council written to ${source}; the copy goes to ${copy}`);
    const dump = join(work, 'council.dump');
    await run('bash', ['scripts/ops/backup.sh', '--out', dump], { DATABASE_URL: sourceUrl });
    log('backed up');
    await run('bash', ['scripts/ops/restore.sh', dump, copyUrl]);
    log('restored into a new database');
    const [before, after] = await Promise.all([fingerprint(sourceUrl), fingerprint(copyUrl)]);
    const differences = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => before[key] !== after[key]);
    for (const key of differences) console.error(`backup:test: ${key} differs: ${before[key]} -> ${after[key]}`);
    const chain = await withClient(copyUrl, async (client) => {
      await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      try {
        return await verifyAuditChain(client);
      } finally {
        await client.query('COMMIT');
      }
    });
    const tables = Object.keys(before).filter((key) => key.startsWith('table ')).length;
    log(`${tables} tables compared, ${differences.length} differ; restored decision log: ${describeVerification(chain)}`);
    if (chain.rows === 0) console.error('backup:test: the decision log is empty: nothing was proven about it');
    // The comparison must be able to fail: one changed row in the copy has to show.
    await withClient(copyUrl, (client) =>
      client.query(`UPDATE organisations SET name = name || ' (changed)' WHERE id = (SELECT min(id::text)::uuid FROM organisations)`),
    );
    const sensitive = (await fingerprint(copyUrl))['table organisations'] !== before['table organisations'];
    if (!sensitive) console.error('backup:test: the comparison did not notice a changed row');
    return differences.length === 0 && chain.ok && chain.rows > 0 && sensitive ? 0 : 1;
  } finally {
    rmSync(work, { recursive: true, force: true });
    await withClient(`${server}/postgres`, async (client) => {
      for (const name of [source, copy]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    });
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`backup:test: failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
