import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../graphql/page-info.model';
import { AdvisoryModel } from './advisory.model';

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
