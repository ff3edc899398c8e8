import { Injectable } from '@nestjs/common';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { AdvisoryStatus } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { Reader } from '@app/policy/reader';
import type { AtomFeedFilter } from './atom-feed-filter';
import { atomFeedEtag } from './atom-etag';

/** How many entries the feed carries: the newest ones. */
export const ATOM_FEED_SIZE = 100;
const FEED_STATUSES = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.WITHDRAWN];

export interface AtomFeedContent {
  /** Exactly the views the reader gets, newest first. */
  views: AdvisoryView[];
  /** Weak validator over everything the rendered entries depend on, for conditional GET. */
  etag: string;
}

/**
 * The regional feed's entries for one reader: published and withdrawn advisories through
 * AdvisoryQueryService.page, i.e. the policy's WHERE clause and projection. Nothing here decides who
 * sees what.
 */
@Injectable()
export class AtomFeedService {
  constructor(private readonly queries: AdvisoryQueryService) {}

  async read(reader: Reader, filter: AtomFeedFilter): Promise<AtomFeedContent> {
    // METADATA_ONLY views (the secretariat's and originators' routing view) are not feed entries:
    // the page leaves them out in its WHERE clause.
    const criteria = { status: FEED_STATUSES, minSeverity: filter.minSeverity, sectors: filter.sectors, readableOnly: true };
    const page = await this.queries.page(reader, criteria, ATOM_FEED_SIZE);
    const views = page.edges.map((edge) => edge.view);
    return { views, etag: atomFeedEtag(views, filter) };
  }
}
