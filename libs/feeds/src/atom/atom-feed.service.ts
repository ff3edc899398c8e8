import { Injectable } from '@nestjs/common';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { AccessLevel, AdvisoryStatus } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { Reader } from '@app/policy/reader';
import type { AtomFeedFilter } from './atom-feed-filter';
import { atomFeedEtag } from './atom-etag';

/** How many entries the feed carries: the newest ones. */
export const ATOM_FEED_SIZE = 100;
/**
 * METADATA_ONLY views (the secretariat's and originators' routing view) are not feed entries; when
 * a page holds some, the next page fills the gap, but never more than this many pages per pull.
 */
const MAX_PAGES = 5;
const FEED_STATUSES = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.WITHDRAWN];
const READABLE: readonly AccessLevel[] = [AccessLevel.FULL, AccessLevel.TEAR_LINE];

export interface AtomFeedContent {
  /** Exactly the views the reader gets, newest first. */
  views: AdvisoryView[];
  /** Weak validator over everything the rendered entries depend on, for conditional GET. */
  etag: string;
}

/**
 * The regional feed's entries for one reader: published and withdrawn advisories through
 * AdvisoryQueryService.page, i.e. the policy's WHERE clause and projection. Nothing here decides who
 * sees what; it only drops the views without readable content, which the page already computed.
 */
@Injectable()
export class AtomFeedService {
  constructor(private readonly queries: AdvisoryQueryService) {}

  async read(reader: Reader, filter: AtomFeedFilter): Promise<AtomFeedContent> {
    const criteria = { status: FEED_STATUSES, minSeverity: filter.minSeverity, sectors: filter.sectors };
    const views: AdvisoryView[] = [];
    let after: string | null = null;
    for (let page = 0; page < MAX_PAGES && views.length < ATOM_FEED_SIZE; page++) {
      const result = await this.queries.page(reader, criteria, ATOM_FEED_SIZE - views.length, after);
      views.push(...result.edges.map((edge) => edge.view).filter((view) => READABLE.includes(view.access)));
      if (!result.hasNextPage) break;
      after = result.endCursor;
    }
    return { views, etag: atomFeedEtag(views, filter) };
  }
}
