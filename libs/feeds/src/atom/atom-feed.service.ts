import { Injectable } from '@nestjs/common';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { Clock } from '@app/platform/clock/clock';
import { AdvisoryStatus } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { accessChangedAt, type Reader } from '@app/policy/reader';
import type { AtomFeedFilter } from './atom-feed-filter';
import { atomFeedEtag } from './atom-etag';

/** How many entries the feed carries: the newest ones. */
export const ATOM_FEED_SIZE = 100;
const FEED_STATUSES = [AdvisoryStatus.PUBLISHED, AdvisoryStatus.WITHDRAWN];
/** A feed without entries, for a reader with no known access change, has nothing newer than this. */
const EMPTY_FEED_UPDATED = new Date(0);

export interface AtomFeedEntry {
  view: AdvisoryView;
  /**
   * The entry's atom:updated: when this view last changed FOR THIS READER, i.e. the later of the
   * advisory's updated_at and the reader's last access change (the same R as the TAXII date added).
   * A clearance granted or lapsed swaps an entry between its TEAR_LINE and FULL views under the
   * same id; without R its updated would stay put and feed readers would keep the view they cached.
   */
  updated: Date;
}

export interface AtomFeedContent {
  /** Exactly the views the reader gets, newest first. */
  entries: AtomFeedEntry[];
  /** The feed's atom:updated: the latest entry's, or R for a feed left empty by an access change. */
  updated: Date;
  /** Weak validator over everything the rendered document depends on, for conditional GET. */
  etag: string;
}

/**
 * The regional feed's entries for one reader: published and withdrawn advisories through
 * AdvisoryQueryService.page, i.e. the policy's WHERE clause and projection. Nothing here decides who
 * sees what.
 */
@Injectable()
export class AtomFeedService {
  constructor(
    private readonly queries: AdvisoryQueryService,
    private readonly clock: Clock,
  ) {}

  async read(reader: Reader, filter: AtomFeedFilter): Promise<AtomFeedContent> {
    // Taken before the page is read (which takes its own now): should an expiry fall in between,
    // this pull shows the narrower view under the old updated and the next pull dates it; taken
    // after, the view that changes on the next pull would keep the updated given now.
    const changed = accessChangedAt(reader, this.clock.now());
    // METADATA_ONLY views (the secretariat's and originators' routing view) are not feed entries:
    // the page leaves them out in its WHERE clause.
    const criteria = { status: FEED_STATUSES, minSeverity: filter.minSeverity, sectors: filter.sectors, readableOnly: true };
    const page = await this.queries.page(reader, criteria, ATOM_FEED_SIZE);
    const entries = page.edges.map(({ view }) => ({ view, updated: latest(view.updatedAt, changed) }));
    const updated = latest(changed, ...entries.map((entry) => entry.updated));
    return { entries, updated, etag: atomFeedEtag(entries, updated, filter) };
  }
}

/** The latest of the instants given, EMPTY_FEED_UPDATED when there are none. */
function latest(...instants: Array<Date | null>): Date {
  return instants.reduce<Date>((max, instant) => (instant !== null && instant > max ? instant : max), EMPTY_FEED_UPDATED);
}
