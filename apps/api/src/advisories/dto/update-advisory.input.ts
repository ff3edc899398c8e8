import { Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsOptional, ValidateNested } from 'class-validator';
import { Severity } from '@app/platform/vocabulary';
import { AudienceInput } from './audience.input';
import { TearLineInput } from './tear-line.input';
import { ViewInput } from './view.input';

@InputType('UpdateAdvisoryInput', {
  description: 'What to change; anything left out stays. A view given replaces that view whole; audience lists given replace those lists.',
})
export class UpdateAdvisoryInput {
  @Field(() => Severity, { nullable: true })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  attributed?: boolean | null;

  @Field(() => ViewInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => ViewInput)
  full?: ViewInput | null;

  @Field(() => TearLineInput, { nullable: true, description: 'Adds or replaces the tear line.' })
  @IsOptional()
  @ValidateNested()
  @Type(() => TearLineInput)
  tearLine?: TearLineInput | null;

  @Field(() => Boolean, { nullable: true, description: 'Removes the tear line (not together with tearLine).' })
  @IsOptional()
  @IsBoolean()
  removeTearLine?: boolean | null;

  @Field(() => AudienceInput, { nullable: true })
  @IsOptional()
  @ValidateNested()
  @Type(() => AudienceInput)
  audience?: AudienceInput | null;
}
