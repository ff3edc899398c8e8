import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
// Relative, not @app/platform: the audit command-line tools run under plain ts-node.
import { db, typedSql, type SqlTarget } from '../../../platform/src/database/typed-sql';
import { CHECKPOINT_FILE, checkpointLine, type AuditCheckpoint, type SourcedCheckpoint } from './audit-checkpoint';
import type { CheckpointSigner } from './checkpoint-signature';

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
export async function writeCheckpoint(
  target: SqlTarget,
  signer: CheckpointSigner,
  dir: string | null,
  now: Date,
): Promise<AuditCheckpoint | null> {
  const head = await typedSql(target).first(
    db
      .selectFrom('audit_log')
      .select([sql<string>`id::text`.as('id'), 'hash'])
      .orderBy('audit_log.id', 'desc')
      .limit(1),
  );
  if (!head) return null;
  const claim = { sequence: head.id, hash: head.hash, at: now.toISOString() };
  const checkpoint: AuditCheckpoint = { ...claim, keyId: signer.keyId, signature: signer.sign(claim) };
  if (dir) appendToFile(dir, checkpoint);
  await typedSql(target).execute(
    db.insertInto('audit_checkpoints').values({
      sequence: sql<string>`${checkpoint.sequence}::bigint`,
      hash: checkpoint.hash,
      checkpointed_at: now,
      key_id: checkpoint.keyId,
      signature: checkpoint.signature,
    }),
  );
  return checkpoint;
}

/** The checkpoints kept in the database. */
export async function tableCheckpoints(target: SqlTarget): Promise<SourcedCheckpoint[]> {
  const rows = await typedSql(target).rows(
    db
      .selectFrom('audit_checkpoints')
      .select([
        sql<string>`id::text`.as('id'),
        sql<string>`sequence::text`.as('sequence'),
        'hash',
        'checkpointed_at',
        'key_id',
        'signature',
      ])
      .orderBy('audit_checkpoints.id'),
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
