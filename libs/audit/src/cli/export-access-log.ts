/**
 * `npm run audit:export-access-log -- --from <ISO> --to <ISO> [--out file] [--format jsonl|csv]`
 *
 * The access log (reads of COUNCIL_CONFIDENTIAL and IESI views at FULL access) for the overseer,
 * over [from, to), in id order: who (person id, e-mail, organisation) read which advisory version
 * at which classification, and when. Never advisory content. The first line describes the export;
 * the last line gives the row count and the decision log's hash-chain verification, made in the
 * same database snapshot as the export.
 *
 * Formats: JSON lines (default), or CSV (`--format csv`, or an --out file ending in .csv) whose
 * first and last lines are `#` comments. Output to --out (created, never overwritten) or stdout.
 * Exit codes: 0 exported and the chain holds; 1 exported but the chain is BROKEN; 2 nothing
 * exported (bad arguments, no database).
 *
 * Standalone like audit:verify (pg and relative imports only): runs without a build.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { Client } from 'pg';
import { tableCheckpoints } from '../checkpoints/checkpoint-store';
import { describeVerification, verifyAuditChain } from './pg-audit-chain';
import { loadCommandLineSettings } from '../../../platform/src/config/command-line-settings';

const BATCH = 5000;
const COLUMNS = [
  'id',
  'occurred_at',
  'person_id',
  'person_email',
  'organisation_id',
  'organisation_name',
  'advisory_id',
  'advisory_version',
  'classification',
] as const;
type Column = (typeof COLUMNS)[number];
type AccessRow = Record<Column, string | number | null>;

class UsageError extends Error {}

interface Options {
  from: Date;
  to: Date;
  out: string | null;
  format: 'jsonl' | 'csv';
}

const ISO = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

function instant(name: string, value: string | undefined): Date {
  if (!value) throw new UsageError(`--${name} is required (an ISO 8601 date or time, e.g. 2026-04-01 or 2026-04-01T00:00:00+09:00)`);
  // A date or a time without a zone is read as UTC, so that the export never depends on the machine's zone.
  const zoned = /T/.test(value) && !/(Z|[+-]\d{2}:?\d{2})$/.test(value) ? `${value}Z` : value;
  const parsed = new Date(zoned);
  if (!ISO.test(value) || Number.isNaN(parsed.getTime())) throw new UsageError(`--${name} "${value}" is not an ISO 8601 date or time`);
  return parsed;
}

function parseArguments(argv: string[]): Options {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    if (!['--from', '--to', '--out', '--format'].includes(flag)) throw new UsageError(`unknown argument "${flag}"`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`${flag} needs a value`);
    values[flag.slice(2)] = value;
    i++;
  }
  const from = instant('from', values.from);
  const to = instant('to', values.to);
  if (from.getTime() >= to.getTime()) throw new UsageError('--from must be before --to');
  const out = values.out ?? null;
  const format = values.format ?? (out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl');
  if (format !== 'jsonl' && format !== 'csv') throw new UsageError('--format is jsonl or csv');
  return { from, to, out, format };
}

/** A CSV field: quoted when needed; a leading = + - @ is defused so that spreadsheets never run it. */
function csvField(value: string | number | null): string {
  if (value === null) return '';
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

class Output {
  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly format: 'jsonl' | 'csv',
  ) {}

  async line(text: string): Promise<void> {
    if (!this.stream.write(`${text}\n`)) await once(this.stream as WriteStream, 'drain');
  }

  async meta(record: Record<string, unknown>): Promise<void> {
    if (this.format === 'jsonl') return this.line(JSON.stringify(record));
    const text = Object.entries(record)
      // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects are handled above, what is left is a primitive
      .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(' ');
    return this.line(`# ${text.replace(/[\r\n]/g, ' ')}`);
  }

  async columns(): Promise<void> {
    if (this.format === 'csv') await this.line(COLUMNS.join(','));
  }

  async row(row: AccessRow): Promise<void> {
    if (this.format === 'jsonl') return this.line(JSON.stringify({ type: 'access', ...row }));
    return this.line(COLUMNS.map((column) => csvField(row[column])).join(','));
  }
}

async function exportAccessLog(client: Client, options: Options, output: Output): Promise<boolean> {
  // One snapshot: the rows exported and the chain verified are the same state of the database.
  await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  try {
    await output.meta({
      type: 'header',
      export: 'council access log',
      from: options.from.toISOString(),
      to: options.to.toISOString(),
      exportedAt: new Date().toISOString(),
      columns: COLUMNS,
    });
    await output.columns();
    let afterId = '0';
    let count = 0;
    for (;;) {
      const { rows } = await client.query<AccessRow>(
        `SELECT l.id::text AS id,
                to_char(l.occurred_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS occurred_at,
                l.person_id, p.email AS person_email, p.organisation_id, o.name AS organisation_name,
                l.advisory_id, l.advisory_version, l.classification
           FROM access_log l
           LEFT JOIN persons p ON p.id = l.person_id
           LEFT JOIN organisations o ON o.id = p.organisation_id
          WHERE l.occurred_at >= $1 AND l.occurred_at < $2 AND l.id > $3::bigint
          ORDER BY l.id
          LIMIT ${BATCH}`,
        [options.from, options.to, afterId],
      );
      for (const row of rows) await output.row(row);
      count += rows.length;
      if (rows.length < BATCH) break;
      afterId = String(rows[rows.length - 1].id);
    }
    // Against the table's checkpoints as well (their signatures are audit:verify's business).
    const chain = await verifyAuditChain(client, await tableCheckpoints(client));
    await output.meta({
      type: 'trailer',
      rows: count,
      auditChain: chain.ok ? 'VERIFIED' : 'BROKEN',
      auditChainRows: chain.rows,
      ...(chain.ok ? {} : { auditChainBrokenAt: chain.brokenAt, auditChainProblem: chain.problem }),
    });
    process.stderr.write(`audit:export-access-log: ${count} rows; ${describeVerification(chain)}\n`);
    return chain.ok;
  } finally {
    await client.query('COMMIT');
  }
}

async function main(): Promise<number> {
  let options: Options;
  try {
    options = parseArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `audit:export-access-log: ${error.message}\nusage: npm run audit:export-access-log -- --from <ISO> --to <ISO> [--out file] [--format jsonl|csv]\n`,
    );
    return 2;
  }
  const { databaseUrl } = loadCommandLineSettings();
  if (!databaseUrl) {
    process.stderr.write('audit:export-access-log: DATABASE_URL is required\n');
    return 2;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  // 'wx': an existing file is never overwritten (an earlier export may be evidence).
  const stream = options.out ? createWriteStream(options.out, { flags: 'wx', mode: 0o600 }) : process.stdout;
  if (options.out) await once(stream as WriteStream, 'open');
  try {
    const ok = await exportAccessLog(client, options, new Output(stream, options.format));
    return ok ? 0 : 1;
  } finally {
    await client.end();
    if (options.out) {
      (stream as WriteStream).end();
      await once(stream as WriteStream, 'finish');
    }
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`audit:export-access-log: could not export: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
