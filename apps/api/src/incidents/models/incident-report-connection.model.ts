import { Field, Int, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../graphql/page-info.model';
import { IncidentReportModel } from './incident-report.model';

@ObjectType('IncidentReportEdge')
export class IncidentReportEdgeModel {
  @Field() cursor: string;
  @Field(() => IncidentReportModel) node: IncidentReportModel;
}

@ObjectType('IncidentReportConnection')
export class IncidentReportConnectionModel {
  @Field(() => [IncidentReportEdgeModel]) edges: IncidentReportEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
  /** Resolved lazily: counting is a second query, run only when asked for. */
  @Field(() => Int) totalCount: number;
}
