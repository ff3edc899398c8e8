import { integer } from '@app/platform/config/council-config';

export interface TaxiiSettings {
  /**
   * How long a new version waits before the collection serves it. Its date added (updated_at) is
   * stamped when its transaction starts, but it becomes readable only when that commits: a page
   * read in between would move past it for good. Waiting out the longest write (and the clock skew
   * between replicas) keeps "next" and added_after from losing anything.
   */
  settleMilliseconds: number;
}

export const TAXII_SETTINGS = Symbol('TAXII_SETTINGS');

/** Read once at boot: COUNCIL_TAXII_SETTLE_MS (default 5000, at most 10 minutes). */
export function loadTaxiiSettings(env: Record<string, string | undefined> = process.env): TaxiiSettings {
  return { settleMilliseconds: integer(env, 'COUNCIL_TAXII_SETTLE_MS', 5000, 0, 600_000) };
}
