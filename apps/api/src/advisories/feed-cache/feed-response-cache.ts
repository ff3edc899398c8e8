import { Inject, Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import { Counter } from 'prom-client';
import type { AccessLogRecord } from '@app/audit/access-log.service';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { MetricsRegistry } from '@app/platform/metrics/metrics-registry';

/** One reader's answer to one feed operation, as of one data version. */
export interface CachedFeedResponse {
  dataVersion: string;
  data: Record<string, unknown>;
  /** Written to the access log again each time the answer is reused (ACCESS-POLICY.md: every read). */
  loggedReads: AccessLogRecord[];
  /** `data` as the response body, serialised once. */
  body: string;
}

export type FeedCacheOutcome = 'hit' | 'miss' | 'bypass';

/** How long an unused answer is kept at most; any change to the data retires it sooner. */
const UNUSED_FOR_MS = 5 * 60_000;

/**
 * Readers' recent feed pages (issue 7, feed-http): a page costs the API ~6 ms of CPU to build
 * (policy, query, projection, GraphQL execution) and ~0.1 ms to resend. An answer is reused only
 * for the same operation, the same variables and the same reader state (readerStateKey: the
 * reader reloaded on this request, and the policy's facts at this instant), and only while the
 * data version read on the request is the one it was built under (DataVersion: no advisory and no
 * organisation has changed since). A reused answer is thus what a fresh read would return.
 */
@Injectable()
export class FeedResponseCache {
  private readonly entries: LRUCache<string, CachedFeedResponse> | null;
  private readonly bodies = new WeakMap<object, string>();
  private readonly outcomes: Counter<'result'>;

  constructor(@Inject(COUNCIL_CONFIG) config: CouncilConfig, metrics: MetricsRegistry) {
    const maxSize = config.feedCacheMegabytes * 1024 * 1024;
    this.entries =
      maxSize > 0
        ? new LRUCache<string, CachedFeedResponse>({
            maxSize,
            // The body string and the object it was made from, roughly twice the text.
            sizeCalculation: (entry, key) => 3 * entry.body.length + key.length,
            ttl: UNUSED_FOR_MS,
            updateAgeOnGet: true,
          })
        : null;
    this.outcomes = new Counter({
      name: 'council_feed_cache_requests_total',
      help: 'Feed operations answered from the feed cache (hit), built and kept (miss), or not cacheable (bypass)',
      labelNames: ['result'],
      registers: [metrics.registry],
    });
  }

  get enabled(): boolean {
    return this.entries !== null;
  }

  /** The answer kept under `key`, if it was built under `dataVersion`. */
  get(key: string, dataVersion: string): CachedFeedResponse | null {
    const entry = this.entries?.get(key);
    return entry && entry.dataVersion === dataVersion ? entry : null;
  }

  set(key: string, dataVersion: string, data: Record<string, unknown>, loggedReads: AccessLogRecord[]): void {
    if (!this.entries) return;
    const body = JSON.stringify({ data });
    this.bodies.set(data, body);
    this.entries.set(key, { dataVersion, data, loggedReads, body });
  }

  count(outcome: FeedCacheOutcome): void {
    this.outcomes.inc({ result: outcome });
  }

  /** The serialised body of a response that is exactly a cached answer's `{ data }`, else null. */
  serialisedBody(result: { data?: unknown; errors?: unknown; extensions?: unknown }): string | null {
    if (result.errors !== undefined || result.extensions !== undefined) return null;
    if (typeof result.data !== 'object' || result.data === null) return null;
    return this.bodies.get(result.data) ?? null;
  }
}
