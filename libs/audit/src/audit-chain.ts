import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** The hash the first row of the chain refers to. */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainedContent {
  occurredAt: Date;
  actorId: string | null;
  action: string;
  subjectType: string;
  subjectId: string;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** sha256(prevHash + canonical JSON of the row's content): changing any row breaks every later link. */
export function chainHash(prevHash: string, content: ChainedContent): string {
  return createHash('sha256')
    .update(prevHash)
    .update(
      canonicalJson({
        occurredAt: content.occurredAt.toISOString(),
        actorId: content.actorId,
        action: content.action,
        subjectType: content.subjectType,
        subjectId: content.subjectId,
        before: content.before,
        after: content.after,
      }),
    )
    .digest('hex');
}
