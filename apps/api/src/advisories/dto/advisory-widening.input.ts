import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsEnum, IsOptional, IsString, ValidateNested } from 'class-validator';
import { ADVISORY_LIMITS } from '@app/advisories/lifecycle/advisory-limits';
import { Classification, Tlp } from '@app/platform/vocabulary';
import { AudienceInput } from './audience.input';
import { MaxCharacters } from './max-characters';
import { TearLineInput } from './tear-line.input';

@InputType('AdvisoryWideningInput', {
  description:
    "The secretariat's proposal: only restrictions change (the views' classification and TLP, the tear line, the audience). Anything left out stays.",
})
export class AdvisoryWideningInput {
  @Field(() => Classification, { nullable: true })
  @IsOptional()
  @IsEnum(Classification)
  fullClassification?: Classification | null;

  @Field(() => Tlp, { nullable: true })
  @IsOptional()
  @IsEnum(Tlp)
  fullTlp?: Tlp | null;

  @Field(() => TearLineInput, { nullable: true, description: 'Adds or replaces the tear line.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TearLineInput)
  tearLine?: TearLineInput | null;

  @Field(() => AudienceInput, { nullable: true, description: 'Audience lists given replace those lists.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => AudienceInput)
  audience?: AudienceInput | null;

  @Field(() => String, { nullable: true, description: 'Why, for the originator organisation deciding on it.' })
  @IsOptional()
  @IsString()
  @MaxCharacters(ADVISORY_LIMITS.reason)
  note?: string | null;
}
