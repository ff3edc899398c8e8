import { Field, ID, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsEnum, IsOptional, IsUUID, ValidateNested } from 'class-validator';
import { MAX_REPORTS_PER_ADVISORY } from '@app/incidents/triage/advisory-derivation.service';
import { Severity } from '@app/platform/vocabulary';
import { AudienceInput } from '../../advisories/dto/audience.input';
import { TearLineInput } from '../../advisories/dto/tear-line.input';
import { ViewInput } from '../../advisories/dto/view.input';

/**
 * A DRAFT advisory derived from reports: the secretariat writes the sanitised content by hand
 * (nothing is copied from the reports). Unattributed unless `attributed` is true.
 */
@InputType('DeriveAdvisoryDraftInput')
export class DeriveAdvisoryDraftInput {
  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1, { message: 'reportIds must name at least one report' })
  @ArrayMaxSize(MAX_REPORTS_PER_ADVISORY)
  @IsUUID('all', { each: true, message: 'each report id must be a UUID' })
  reportIds: string[];

  @Field(() => Severity)
  @IsEnum(Severity)
  severity: Severity;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: false,
    description: "Whether readers see the originator (the secretariat's organisation; reporters are never shown).",
  })
  @IsOptional()
  @IsBoolean()
  attributed?: boolean | null;

  @Field(() => ViewInput)
  @ValidateNested()
  @Type(() => ViewInput)
  full: ViewInput;

  @Field(() => TearLineInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => TearLineInput)
  tearLine?: TearLineInput | null;

  @Field(() => AudienceInput)
  @ValidateNested()
  @Type(() => AudienceInput)
  audience: AudienceInput;
}
