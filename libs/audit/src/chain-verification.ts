import { chainHash, GENESIS_HASH, type ChainedContent } from './audit-chain';

export interface ChainRow extends ChainedContent {
  id: string;
  prevHash: string;
  hash: string;
}

export interface VerificationResult {
  ok: boolean;
  rows: number;
  /** The first row whose link does not hold, when the chain is broken. */
  brokenAt?: string;
  problem?: string;
}

/** Rows with id greater than `afterId`, in id order, at most `limit`. */
export type ChainBatchReader = (afterId: string, limit: number) => Promise<ChainRow[]>;

/**
 * Walks the whole chain in id order and reports the first row that does not link. Free of Nest
 * and TypeORM, so that the `audit:verify` command can run it with nothing but a connection.
 */
export async function verifyChain(read: ChainBatchReader, batchSize = 5000): Promise<VerificationResult> {
  let prevHash = GENESIS_HASH;
  let rows = 0;
  let afterId = '0';
  for (;;) {
    const batch = await read(afterId, batchSize);
    if (batch.length === 0) return { ok: true, rows };
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
      prevHash = entry.hash;
      rows++;
    }
    afterId = batch[batch.length - 1].id;
  }
}
