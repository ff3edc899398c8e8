// Parsed and validated with the rest of the environment (libs/platform/src/config).
export { type FeedRateLimits, loadFeedRateLimits } from '@app/platform/config/service-settings';

export const FEED_RATE_LIMITS = Symbol('FEED_RATE_LIMITS');
