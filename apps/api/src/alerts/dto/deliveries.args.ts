import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, Max, Min } from 'class-validator';
import { MAX_PAGE_SIZE } from '../../graphql/page.args';

@ArgsType()
export class DeliveriesPageArgs {
  @Field(() => Int, { nullable: true, defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;
}
