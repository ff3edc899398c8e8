/**
 * `npm run audit:verify`: checks the decision log's hash chain in DATABASE_URL. Exits 0 when every
 * row links, 1 when the chain is broken (naming the first bad row), 2 when it cannot check.
 *
 * Deliberately standalone (pg and the chain code only, relative imports): it runs from a clean
 * clone without a build, and from dist after one, with nothing of the application started.
 */
import { Client } from 'pg';
import { verifyChain, type ChainRow } from '../chain-verification';

interface Row {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  prev_hash: string;
  hash: string;
}

function toChainRow(row: Row): ChainRow {
  return {
    id: row.id,
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    before: row.before,
    after: row.after,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('audit:verify: DATABASE_URL is required');
    return 2;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for the whole walk: rows appended meanwhile neither break nor extend it.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await verifyChain(async (afterId, limit) => {
      const { rows } = await client.query<Row>(
        `SELECT id::text AS id, occurred_at, actor_id, action, subject_type, subject_id, before, after, prev_hash, hash
           FROM audit_log a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
        [afterId, limit],
      );
      return rows.map(toChainRow);
    });
    await client.query('COMMIT');
    if (result.ok) {
      console.log(`audit:verify: the chain holds (${result.rows} rows)`);
      return 0;
    }
    console.error(`audit:verify: the chain is BROKEN at row ${result.brokenAt}: ${result.problem} (${result.rows} rows before it hold)`);
    return 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit:verify: could not check the chain:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
