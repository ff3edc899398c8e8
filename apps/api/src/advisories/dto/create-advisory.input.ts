import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { Severity } from '@app/platform/vocabulary';
import { AudienceInput } from './audience.input';
import { TearLineInput } from './tear-line.input';
import { ViewInput } from './view.input';

@InputType('CreateAdvisoryInput')
export class CreateAdvisoryInput {
  @Field(() => Severity)
  @IsEnum(Severity)
  severity: Severity;

  @Field({ description: 'May readers see which organisation provided it.' })
  @IsBoolean()
  attributed: boolean;

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
