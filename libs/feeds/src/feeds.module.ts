import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdvisoriesModule } from '@app/advisories/advisories.module';
import { MEMBERSHIP_ENTITIES } from '@app/membership/membership-entities';
import { FEED_ENTITIES } from './feed-entities';
import { AtomFeedService } from './atom/atom-feed.service';
import { FeedRateLimiter } from './auth/feed-rate-limiter';
import { FEED_RATE_LIMITS, loadFeedRateLimits } from './auth/feed-rate-limits';
import { FeedTokenGuard } from './auth/feed-token.guard';
import { FeedTokenService } from './tokens/feed-token.service';

/**
 * Feeds for machines: feed tokens, the guard and pull limits every REST feed shares, and the
 * regional Atom feed. Import it where a feed controller lives; use @FeedAuth() on the route.
 */
@Module({
  // The people its tokens belong to are registered too (a relation needs its target's metadata).
  imports: [AdvisoriesModule, TypeOrmModule.forFeature([...FEED_ENTITIES, ...MEMBERSHIP_ENTITIES])],
  providers: [
    { provide: FEED_RATE_LIMITS, useFactory: () => loadFeedRateLimits() },
    FeedRateLimiter,
    FeedTokenService,
    FeedTokenGuard,
    AtomFeedService,
  ],
  exports: [FEED_RATE_LIMITS, FeedRateLimiter, FeedTokenService, FeedTokenGuard, AtomFeedService, AdvisoriesModule],
})
export class FeedsModule {}
