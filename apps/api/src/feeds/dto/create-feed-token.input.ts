import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_FEED_TOKEN_NAME_LENGTH } from '@app/feeds/tokens/feed-token.service';

@InputType('CreateFeedTokenInput')
export class CreateFeedTokenInput {
  @Field({ description: 'What the token is for, e.g. the feed reader that uses it (1 to 200 characters).' })
  @IsString()
  @MaxLength(MAX_FEED_TOKEN_NAME_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => Date, { nullable: true, description: 'When the token stops working (in the future); null: never.' })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  expiresAt?: Date | null;
}
