import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { ADVISORY_LIMITS } from '@app/advisories/lifecycle/advisory-limits';
import { STIX_IMPORT_LIMITS } from '@app/feeds/stix/import/stix-import-limits';
import { Classification, Severity, Tlp } from '@app/platform/vocabulary';
import { AudienceInput } from '../../../advisories/dto/audience.input';
import { MaxCharacters, NotBlank } from '../../../advisories/dto/max-characters';
import { TearLineInput } from '../../../advisories/dto/tear-line.input';

/**
 * A STIX 2.1 bundle and what a draft needs that STIX cannot carry: createAdvisory's severity,
 * attribution, tear line and audience (the same input types), the classification and TLP the
 * member gives as a floor, and optional wording of their own.
 */
@InputType('ImportStixBundleInput')
export class ImportStixBundleInput {
  @Field({ description: `The bundle's JSON text (STIX 2.1), at most ${STIX_IMPORT_LIMITS.bundleCharacters} characters.` })
  @IsString()
  @MaxLength(STIX_IMPORT_LIMITS.bundleCharacters, { message: `bundle must be at most ${STIX_IMPORT_LIMITS.bundleCharacters} characters` })
  bundle: string;

  @Field(() => Severity)
  @IsEnum(Severity)
  severity: Severity;

  @Field({ description: 'May readers see which organisation provided it.' })
  @IsBoolean()
  attributed: boolean;

  @Field(() => Classification, {
    description: 'The lowest classification of the draft; a council classification marking in the bundle may raise it.',
  })
  @IsEnum(Classification)
  classification: Classification;

  @Field(() => Tlp, {
    nullable: true,
    description:
      "The lowest TLP of the draft; the bundle's TLP markings may raise it (most restrictive wins). Required when the bundle has none.",
  })
  @IsOptional()
  @IsEnum(Tlp)
  tlp?: Tlp | null;

  @Field(() => String, { nullable: true, description: "Instead of the report's name; required when the bundle has no report." })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxCharacters(ADVISORY_LIMITS.title)
  title?: string | null;

  @Field(() => String, {
    nullable: true,
    description: "Instead of a summary taken from the report's description; the description then becomes the body.",
  })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxCharacters(ADVISORY_LIMITS.summary)
  summary?: string | null;

  @Field(() => [String], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @NotBlank({ each: true })
  @MaxCharacters(ADVISORY_LIMITS.item, { each: true })
  recommendedActions?: string[] | null;

  @Field(() => TearLineInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TearLineInput)
  tearLine?: TearLineInput | null;

  @Field(() => AudienceInput)
  @ValidateNested()
  @Type(() => AudienceInput)
  audience: AudienceInput;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description:
      'false: an indicator whose pattern cannot become indicator strings (AND, FOLLOWEDBY, other object types or operators) refuses the import. ' +
      'true: such indicators are skipped and listed in the result.',
  })
  @IsOptional()
  @IsBoolean()
  skipUnsupportedIndicators?: boolean | null;
}
