import { Args, Context, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { AdvisoriesArgs } from './dto/advisories.args';
import { noteLoggedReads, type FeedCacheContext } from './feed-cache/feed-response-cache.plugin';
import { AdvisoryConnectionModel } from './models/advisory-connection.model';
import { AdvisoryModel } from './models/advisory.model';

/** The connection carries what its lazy totalCount needs. */
type FeedConnection = AdvisoryConnectionModel & { countVisible: () => Promise<number> };

@Resolver(() => AdvisoryConnectionModel)
export class AdvisoryFeedResolver {
  constructor(private readonly queries: AdvisoryQueryService) {}

  @Query(() => AdvisoryConnectionModel, {
    description: 'Every advisory the reader may see, newest first, the policy applied in the query itself.',
  })
  async advisories(
    @Args() args: AdvisoriesArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
    @Context() context: FeedCacheContext,
  ): Promise<FeedConnection> {
    const filter = args.filter ?? {};
    const page = await this.queries.page(reader, filter, args.first, args.after);
    noteLoggedReads(context, page.loggedReads);
    const nodes = page.edges.map((edge) => AdvisoryModel.fromView(edge.view));
    return Object.assign(new AdvisoryConnectionModel(), {
      edges: page.edges.map((edge, i) => ({ cursor: edge.cursor, node: nodes[i] })),
      pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage },
      countVisible: () => this.queries.count(reader, filter),
    });
  }

  @ResolveField(() => Number)
  totalCount(@Parent() connection: FeedConnection): Promise<number> {
    return connection.countVisible();
  }

  @Query(() => AdvisoryModel, {
    nullable: true,
    description: 'Null when the advisory does not exist for this reader, whatever the reason.',
  })
  async advisory(@Args('id', { type: () => ID }) id: string, @CurrentPerson() reader: AuthenticatedPerson): Promise<AdvisoryModel | null> {
    const view = await this.queries.findVisible(reader, id);
    return view ? AdvisoryModel.fromView(view) : null;
  }
}
