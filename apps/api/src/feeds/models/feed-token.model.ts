import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { FeedTokenEntity } from '@app/feeds/tokens/feed-token.entity';

/** A feed token as its owner sees it: never its secret, nor the secret's hash. */
@ObjectType('FeedToken')
export class FeedTokenModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true, description: 'Null: does not expire (revoke it when it is no longer needed).' })
  expiresAt: Date | null;
  @Field(() => Date, { nullable: true }) revokedAt: Date | null;
  @Field(() => Date, { nullable: true, description: 'Last pull with this token, to the minute.' })
  lastUsedAt: Date | null;

  static from(entity: FeedTokenEntity): FeedTokenModel {
    return Object.assign(new FeedTokenModel(), {
      id: entity.id,
      name: entity.name,
      createdAt: entity.createdAt,
      expiresAt: entity.expiresAt,
      revokedAt: entity.revokedAt,
      lastUsedAt: entity.lastUsedAt,
    });
  }
}

@ObjectType('CreatedFeedToken')
export class CreatedFeedTokenModel {
  @Field(() => String, {
    description: 'Shown once, here only: the secret a feed reader presents. It cannot be read again.',
  })
  token: string;
  @Field(() => FeedTokenModel) feedToken: FeedTokenModel;
}
