import { Field, ObjectType } from '@nestjs/graphql';
import { PageInfoModel } from '../../graphql/page-info.model';
import { PersonModel } from './person.model';

@ObjectType('PersonEdge')
export class PersonEdgeModel {
  @Field() cursor: string;
  @Field(() => PersonModel) node: PersonModel;
}

@ObjectType('PersonConnection')
export class PersonConnectionModel {
  @Field(() => [PersonEdgeModel]) edges: PersonEdgeModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}
