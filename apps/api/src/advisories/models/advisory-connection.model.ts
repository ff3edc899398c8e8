import { Field, Int, ObjectType } from '@nestjs/graphql';
import { AdvisoryModel } from './advisory.model';

@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}

@ObjectType('AdvisoryEdge')
export class AdvisoryEdgeModel {
  @Field() cursor: string;
  @Field(() => AdvisoryModel) node: AdvisoryModel;
}

@ObjectType('AdvisoryConnection')
export class AdvisoryConnectionModel {
  @Field(() => [AdvisoryEdgeModel]) edges: AdvisoryEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  /** Resolved lazily: counting is a second query, run only when asked for. */
  @Field(() => Int) totalCount: number;
}
