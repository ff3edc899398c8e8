import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsUUID } from 'class-validator';
import { IncidentReportStage, IncidentType } from '@app/platform/vocabulary';
import '../incident-enums';

@InputType('IncidentReportFilterInput')
export class IncidentReportFilterInput {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @IsUUID('all', { message: 'incidentId must be a UUID' })
  incidentId?: string | null;

  @Field(() => [IncidentReportStage], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(IncidentReportStage, { each: true })
  stages?: IncidentReportStage[] | null;

  @Field(() => [IncidentType], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsEnum(IncidentType, { each: true })
  incidentTypes?: IncidentType[] | null;

  @Field(() => ID, { nullable: true, description: 'The reporting organisation (useful to the secretariat).' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Secretariat only: the reports linked into this campaign.' })
  @IsOptional()
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  submittedAfter?: Date | null;

  @Field(() => Boolean, { nullable: true, description: "Only each incident's latest report." })
  @IsOptional()
  @IsBoolean()
  latestOnly?: boolean | null;
}
