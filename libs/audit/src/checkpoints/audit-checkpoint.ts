import type { CheckpointClaim, CheckpointVerifier } from './checkpoint-signature';

/**
 * A signed statement "the audit chain's head was row `sequence` with `hash` at `at`". Kept in the
 * audit_checkpoints table and appended to the overseer's file: a superuser who removes the newest
 * audit rows (with the triggers off) cannot remove what the overseer already holds, and the next
 * verification finds the chain shorter than a checkpoint says it was.
 */
export interface AuditCheckpoint extends CheckpointClaim {
  keyId: string;
  signature: string;
}

/** A checkpoint and where verification read it (the table, or a file and line), for messages. */
export interface SourcedCheckpoint extends AuditCheckpoint {
  source: string;
}

/** The file in COUNCIL_AUDIT_CHECKPOINT_DIR: JSON lines, appended to, never rewritten. */
export const CHECKPOINT_FILE = 'audit-checkpoints.jsonl';

export function checkpointLine(checkpoint: AuditCheckpoint): string {
  const { sequence, hash, at, keyId, signature } = checkpoint;
  return JSON.stringify({ type: 'audit-checkpoint', sequence, hash, at, keyId, signature });
}

/** The checkpoints of a file's text; a line that is not one is an error naming it (a file is evidence). */
export function parseCheckpointFile(text: string, file: string): SourcedCheckpoint[] {
  const checkpoints: SourcedCheckpoint[] = [];
  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') return;
    const where = `${file}:${index + 1}`;
    let value: Record<string, unknown>;
    try {
      value = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${where} is not a JSON line`);
    }
    const { sequence, hash, at, keyId, signature } = value;
    const valid =
      value.type === 'audit-checkpoint' &&
      typeof sequence === 'string' &&
      /^\d{1,19}$/.test(sequence) &&
      typeof hash === 'string' &&
      /^[0-9a-f]{64}$/.test(hash) &&
      typeof at === 'string' &&
      !Number.isNaN(Date.parse(at)) &&
      typeof keyId === 'string' &&
      typeof signature === 'string';
    if (!valid) throw new Error(`${where} is not an audit checkpoint`);
    checkpoints.push({ sequence, hash, at, keyId, signature, source: where });
  });
  return checkpoints;
}

/** The first checkpoint whose signature does not hold under the given public keys, as a problem; null when all hold. */
export function signatureProblem(checkpoints: readonly SourcedCheckpoint[], verifiers: readonly CheckpointVerifier[]): string | null {
  for (const checkpoint of checkpoints) {
    const verifier = verifiers.find((candidate) => candidate.keyId === checkpoint.keyId);
    if (!verifier) {
      return `the checkpoint at ${checkpoint.source} was signed by key ${checkpoint.keyId}, which is not among the keys given (${verifiers.map((v) => v.keyId).join(', ')})`;
    }
    if (!verifier.verify(checkpoint, checkpoint.signature)) {
      return `the checkpoint at ${checkpoint.source} (row ${checkpoint.sequence}, ${checkpoint.at}) has an invalid signature: it was altered or forged`;
    }
  }
  return null;
}
