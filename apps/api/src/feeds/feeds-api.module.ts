import { Module } from '@nestjs/common';
import { FeedsModule } from '@app/feeds/feeds.module';
import { AtomFeedController } from './atom-feed.controller';
import { FeedTokensResolver } from './feed-tokens.resolver';

/** Feeds over HTTP: feed tokens (GraphQL) and the regional Atom feed. */
@Module({
  imports: [FeedsModule],
  controllers: [AtomFeedController],
  providers: [FeedTokensResolver],
})
export class FeedsApiModule {}
