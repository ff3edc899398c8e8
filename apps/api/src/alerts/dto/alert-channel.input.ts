import { Field, InputType } from '@nestjs/graphql';
import { IsEnum, IsOptional, IsString, MaxLength } from 'class-validator';
import { AlertChannelKind, Severity } from '@app/platform/vocabulary';

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
}
