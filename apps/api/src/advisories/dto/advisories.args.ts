import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { Type } from 'class-transformer';
import { AdvisoryFilterInput } from './advisory-filter.input';

/** RUNNING.md: `first` ≤ 200. */
export const MAX_PAGE_SIZE = 200;

@ArgsType()
export class AdvisoriesArgs {
  @Field(() => AdvisoryFilterInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AdvisoryFilterInput)
  filter?: AdvisoryFilterInput | null;

  @Field(() => Int, { nullable: true, defaultValue: 50 })
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  first: number = 50;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  after?: string | null;
}
