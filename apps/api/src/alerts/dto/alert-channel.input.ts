import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AlertChannelKind, Sector, Severity } from '@app/platform/vocabulary';

@InputType('AlertChannelInput')
export class AlertChannelInput {
  @Field(() => AlertChannelKind)
  @IsEnum(AlertChannelKind)
  kind: AlertChannelKind;

  /** WEBHOOK: an https URL; EMAIL: an address (default: the person's own); IN_APP: none. */
  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(2048)
  target?: string | null;

  @Field(() => Severity)
  @IsEnum(Severity)
  minSeverity: Severity;

  @Field(() => [Sector], {
    nullable: true,
    description: 'Only advisories for every sector or for one of these. Empty or left out: no sector filter.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [String], {
    nullable: true,
    description:
      'Prefecture ("13") or municipality ("13101") codes: only nationwide advisories or those whose regions overlap these (a prefecture overlaps its municipalities). Empty or left out: no region filter.',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  regions?: string[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'LOW and INFO alerts come once a day in a digest instead of at once (WEBHOOK and EMAIL). Default false.',
  })
  @IsOptional()
  @IsBoolean()
  digest?: boolean | null;
}

/** updateAlertChannel: a field left out or null stays as it is; a list given replaces the old one. */
@InputType('AlertChannelPreferencesInput')
export class AlertChannelPreferencesInput {
  @Field(() => Severity, { nullable: true })
  @IsOptional()
  @IsEnum(Severity)
  minSeverity?: Severity | null;

  @Field(() => [Sector], { nullable: true, description: 'Only advisories for every sector or for one of these; [] removes the filter.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [String], { nullable: true, description: 'Prefecture or municipality codes; [] removes the filter.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsString({ each: true })
  regions?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  digest?: boolean | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  enabled?: boolean | null;
}
