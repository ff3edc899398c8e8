import { Field, ObjectType } from '@nestjs/graphql';

/** Keyset pagination state, shared by every connection of the schema. */
@ObjectType('PageInfo')
export class PageInfoModel {
  @Field(() => String, { nullable: true }) endCursor: string | null;
  @Field() hasNextPage: boolean;
}
