import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsOptional, IsUUID } from 'class-validator';
import { PageArgs } from '../../graphql/page.args';

@ArgsType()
export class PeopleArgs extends PageArgs {
  @Field(() => ID, { nullable: true, description: 'Only the people of this organisation.' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string | null;
}
