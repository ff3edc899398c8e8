import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { FeedTokenService } from '@app/feeds/tokens/feed-token.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { CreateFeedTokenInput } from './dto/create-feed-token.input';
import { CreatedFeedTokenModel, FeedTokenModel } from './models/feed-token.model';

/** A person's own feed tokens: for their Atom and TAXII readers, never anyone else's. */
@Resolver(() => FeedTokenModel)
export class FeedTokensResolver {
  constructor(private readonly tokens: FeedTokenService) {}

  @Query(() => [FeedTokenModel], {
    description: 'Your feed tokens: unrevoked first, then newest first; revoked ones included (the newest 100 tokens in all).',
  })
  async myFeedTokens(@CurrentPerson() person: AuthenticatedPerson): Promise<FeedTokenModel[]> {
    return (await this.tokens.list(person)).map((view) => FeedTokenModel.from(view));
  }

  @Mutation(() => CreatedFeedTokenModel, {
    description:
      'A new feed token acting as you (never with more than you have at the time of a pull); the secret is shown only in this answer.',
  })
  async createFeedToken(
    @Args('input') input: CreateFeedTokenInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<CreatedFeedTokenModel> {
    const created = await this.tokens.create(person, input);
    return { token: created.token, feedToken: FeedTokenModel.from(created.feedToken) };
  }

  @Mutation(() => FeedTokenModel, { description: 'Stops one of your feed tokens from working, at once and for good.' })
  async revokeFeedToken(@Args('id', { type: () => ID }) id: string, @CurrentPerson() person: AuthenticatedPerson): Promise<FeedTokenModel> {
    return FeedTokenModel.from(await this.tokens.revoke(person, id));
  }
}
