import { chainHash, GENESIS_HASH, type ChainedContent } from './audit-chain';

export interface ChainRow extends ChainedContent {
  id: string;
  prevHash: string;
  hash: string;
}

export interface VerificationResult {
  ok: boolean;
  rows: number;
  /** How many checkpoints were compared with the chain. */
  checkpoints?: number;
  /** The first row whose link does not hold, or the row a checkpoint vouches for that is gone or differs. */
  brokenAt?: string;
  problem?: string;
}

/** What a checkpoint says of the chain: row `sequence` existed with `hash`; `at` and `source` name it in messages. */
export interface ChainCheckpoint {
  sequence: string;
  hash: string;
  at: string;
  source: string;
}

/** Rows with id greater than `afterId`, in id order, at most `limit`. */
export type ChainBatchReader = (afterId: string, limit: number) => Promise<ChainRow[]>;

/**
 * Walks the whole chain in id order and reports the first row that does not link; then compares
 * it with the checkpoints: the row each one names must exist with the hash it gives. The links
 * alone cannot tell that the newest rows were removed (what is left still links); a checkpoint
 * taken before can. Free of Nest and TypeORM, so that the `audit:verify` command can run it with
 * nothing but a connection.
 */
export async function verifyChain(
  read: ChainBatchReader,
  batchSize = 5000,
  checkpoints: readonly ChainCheckpoint[] = [],
): Promise<VerificationResult> {
  const wanted = new Map<bigint, ChainCheckpoint[]>();
  for (const checkpoint of checkpoints) {
    const sequence = BigInt(checkpoint.sequence);
    wanted.set(sequence, [...(wanted.get(sequence) ?? []), checkpoint]);
  }
  const pending = [...wanted.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const counted = { checkpoints: checkpoints.length };
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let afterId = '0';
  let lastId: bigint | null = null;
  for (;;) {
    const batch = await read(afterId, batchSize);
    if (batch.length === 0) break;
    for (const entry of batch) {
      if (entry.prevHash !== prevHash) {
        return {
          ok: false,
          rows,
          brokenAt: entry.id,
          problem: 'prev_hash does not match the previous row (a row was removed or reordered)',
        };
      }
      if (chainHash(prevHash, entry) !== entry.hash) {
        return { ok: false, rows, brokenAt: entry.id, problem: 'hash does not match the row content (the row was changed)' };
      }
      const id = BigInt(entry.id);
      while (pending.length > 0 && pending[0] <= id) {
        const sequence = pending.shift() as bigint;
        const [checkpoint] = wanted.get(sequence) as ChainCheckpoint[];
        if (sequence < id) {
          return {
            ok: false,
            rows,
            ...counted,
            brokenAt: checkpoint.sequence,
            problem: `row ${checkpoint.sequence} is missing, but the checkpoint of ${checkpoint.at} (${checkpoint.source}) vouches for it`,
          };
        }
        const differing = (wanted.get(sequence) as ChainCheckpoint[]).find((c) => c.hash !== entry.hash);
        if (differing) {
          return {
            ok: false,
            rows,
            ...counted,
            brokenAt: entry.id,
            problem: `row ${entry.id} does not have the hash the checkpoint of ${differing.at} (${differing.source}) gives: the chain was rewritten from there`,
          };
        }
      }
      prevHash = entry.hash;
      rows++;
      lastId = id;
    }
    afterId = batch[batch.length - 1].id;
  }
  if (pending.length > 0) {
    const furthest = pending[pending.length - 1];
    const [checkpoint] = wanted.get(furthest) as ChainCheckpoint[];
    const missing = lastId === null ? `rows up to and including ${furthest}` : `the rows after ${lastId} up to and including ${furthest}`;
    const ends = lastId === null ? 'the chain is empty' : `the chain ends at row ${lastId}`;
    return {
      ok: false,
      rows,
      ...counted,
      brokenAt: String(furthest),
      problem: `${ends}, but the checkpoint of ${checkpoint.at} (${checkpoint.source}) vouches for row ${furthest}: ${missing} are missing (the newest rows were removed)`,
    };
  }
  return { ok: true, rows, ...counted };
}
