import { FeedTokenEntity } from './tokens/feed-token.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const FEED_ENTITIES = [FeedTokenEntity];
