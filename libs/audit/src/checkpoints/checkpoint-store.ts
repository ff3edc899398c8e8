import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { ClientBase, QueryResultRow } from 'pg';
import { CHECKPOINT_FILE, checkpointLine, type AuditCheckpoint, type SourcedCheckpoint } from './audit-checkpoint';
import type { CheckpointSigner } from './checkpoint-signature';

/** A query over any connection (a pg Client or TypeORM), returning rows. */
export type CheckpointQuery = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** CheckpointQuery over a pg client, as the command-line tools connect. */
export function checkpointQueryOf(client: ClientBase): CheckpointQuery {
  return async <T>(sql: string, params?: unknown[]) => (await client.query<T & QueryResultRow>(sql, params)).rows;
}

/** Appends one line and forces it to disk before the checkpoint counts as written. */
function appendToFile(dir: string, checkpoint: AuditCheckpoint): void {
  mkdirSync(dir, { recursive: true, mode: 0o750 });
  const fd = openSync(join(dir, CHECKPOINT_FILE), 'a', 0o640);
  try {
    writeSync(fd, `${checkpointLine(checkpoint)}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Signs the chain's current head and keeps the checkpoint: first in the overseer's file (when a
 * directory is configured), then in audit_checkpoints. Null when the chain is still empty.
 */
export async function writeCheckpoint(query: CheckpointQuery, signer: CheckpointSigner, dir: string | null, now: Date): Promise<AuditCheckpoint | null> {
  const [head] = await query<{ id: string; hash: string }>('SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1');
  if (!head) return null;
  const claim = { sequence: head.id, hash: head.hash, at: now.toISOString() };
  const checkpoint: AuditCheckpoint = { ...claim, keyId: signer.keyId, signature: signer.sign(claim) };
  if (dir) appendToFile(dir, checkpoint);
  await query(
    'INSERT INTO audit_checkpoints (sequence, hash, checkpointed_at, key_id, signature) VALUES ($1::bigint, $2, $3, $4, $5)',
    [checkpoint.sequence, checkpoint.hash, now, checkpoint.keyId, checkpoint.signature],
  );
  return checkpoint;
}

/** The checkpoints kept in the database. */
export async function tableCheckpoints(query: CheckpointQuery): Promise<SourcedCheckpoint[]> {
  const rows = await query<{ id: string; sequence: string; hash: string; checkpointed_at: Date; key_id: string; signature: string }>(
    'SELECT id::text AS id, sequence::text AS sequence, hash, checkpointed_at, key_id, signature FROM audit_checkpoints ORDER BY id',
  );
  return rows.map((row) => ({
    sequence: row.sequence,
    hash: row.hash,
    at: new Date(row.checkpointed_at).toISOString(),
    keyId: row.key_id,
    signature: row.signature,
    source: `audit_checkpoints row ${row.id}`,
  }));
}
