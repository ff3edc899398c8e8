import { ArgsType, Field } from '@nestjs/graphql';
import { IsOptional, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { PageArgs } from '../../graphql/page.args';
import { AdvisoryFilterInput } from './advisory-filter.input';

@ArgsType()
export class AdvisoriesArgs extends PageArgs {
  @Field(() => AdvisoryFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdvisoryFilterInput)
  filter?: AdvisoryFilterInput | null;
}
