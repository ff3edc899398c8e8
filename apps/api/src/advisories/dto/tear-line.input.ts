import { Field, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString } from 'class-validator';
import { ADVISORY_LIMITS } from '@app/advisories/lifecycle/advisory-limits';
import { Classification, Tlp } from '@app/platform/vocabulary';
import { MaxCharacters, NotBlank } from './max-characters';

/** The releasable part of an advisory, no higher than its FULL view. */
@InputType('TearLineInput')
export class TearLineInput {
  @Field(() => Classification)
  @IsEnum(Classification)
  classification: Classification;

  @Field(() => Tlp)
  @IsEnum(Tlp)
  tlp: Tlp;

  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(ADVISORY_LIMITS.title)
  title: string;

  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(ADVISORY_LIMITS.summary)
  summary: string;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @NotBlank({ each: true })
  @MaxCharacters(ADVISORY_LIMITS.item, { each: true })
  recommendedActions?: string[] | null;

  @Field()
  @IsBoolean()
  releaseToNonMemberLocalGovernments: boolean;
}
