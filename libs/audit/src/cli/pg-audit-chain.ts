import type { Client } from 'pg';
import { verifyChain, type ChainCheckpoint, type ChainRow, type VerificationResult } from '../chain-verification';

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

/**
 * Walks the decision log's hash chain over a plain pg connection (the command-line tools run
 * without the application). Run it inside a REPEATABLE READ transaction for one consistent walk.
 */
export function verifyAuditChain(client: Client, checkpoints: readonly ChainCheckpoint[] = []): Promise<VerificationResult> {
  return verifyChain(
    async (afterId, limit) => {
      const { rows } = await client.query<Row>(
        `SELECT id::text AS id, occurred_at, actor_id, action, subject_type, subject_id, before, after, prev_hash, hash
         FROM audit_log a WHERE a.id > $1::bigint ORDER BY a.id LIMIT $2`,
        [afterId, limit],
      );
      return rows.map(toChainRow);
    },
    5000,
    checkpoints,
  );
}

/** One line for people: "holds (N rows)" or "BROKEN at row X: problem". */
export function describeVerification(result: VerificationResult): string {
  const checkpoints = result.checkpoints ? `, ${result.checkpoints} checkpoint${result.checkpoints === 1 ? '' : 's'} match` : '';
  return result.ok
    ? `the chain holds (${result.rows} rows${checkpoints})`
    : `the chain is BROKEN at row ${result.brokenAt}: ${result.problem} (${result.rows} rows before it hold)`;
}
