import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { Public } from '@app/platform/http/public.decorator';
import { FEED_QUERY_TOKEN, FeedTokenGuard } from './feed-token.guard';

export interface FeedAuthOptions {
  /**
   * Also accept the token as `?token=`. Only for the Atom feed: feed readers of local governments
   * often cannot set headers. A URL ends up in logs and histories, so nothing else allows it.
   */
  queryToken?: boolean;
}

/**
 * A REST route (or controller) pulled with a feed token instead of an access token: skips the
 * global access-token guard and runs FeedTokenGuard (authentication and pull limits) instead.
 */
export function FeedAuth(options: FeedAuthOptions = {}): ClassDecorator & MethodDecorator {
  return applyDecorators(Public(), SetMetadata(FEED_QUERY_TOKEN, options.queryToken === true), UseGuards(FeedTokenGuard));
}
