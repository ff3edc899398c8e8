import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, IsArray, IsBoolean, IsDate, IsEnum, IsOptional, IsString, IsUUID } from 'class-validator';
import { INCIDENT_REPORT_LIMITS } from '@app/incidents/reports/incident-report-content';
import { IncidentReportPurpose, IncidentType, Sector, Severity } from '@app/platform/vocabulary';
import { MaxCharacters } from '../../advisories/dto/max-characters';
import '../incident-enums';

const DATE_MESSAGE = '$property must be a date-time (ISO 8601, e.g. 2030-03-31T09:30:00Z)';

/**
 * The optional part of a report. On a follow-up, a field left out keeps the previous report's
 * value; an optional value given as null is cleared.
 */
@InputType({ isAbstract: true })
export abstract class IncidentReportDetailsInput {
  @Field(() => IncidentType, { nullable: true })
  @IsOptional()
  @IsEnum(IncidentType, { message: `incidentType must be one of ${Object.values(IncidentType).join(', ')}` })
  incidentType?: IncidentType | null;

  @Field(() => [Sector], { nullable: true, description: "Left out on a FIRST report: the reporting organisation's sectors." })
  @IsOptional()
  @IsArray()
  @IsEnum(Sector, { each: true })
  sectorsAffected?: Sector[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Null or left out: not known yet.' })
  @IsOptional()
  @IsBoolean()
  personalDataInvolved?: boolean | null;

  @Field(() => Severity, { nullable: true, description: "The reporter's estimate." })
  @IsOptional()
  @IsEnum(Severity)
  severity?: Severity | null;

  @Field(() => Date, { nullable: true, description: 'When it started, if known (not after detectedAt).' })
  @IsOptional()
  @IsDate({ message: DATE_MESSAGE })
  occurredAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.impact)
  impact?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.actionsTaken)
  actionsTaken?: string | null;

  @Field(() => [String], { nullable: true, description: 'Observables: addresses, hashes, domains.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(INCIDENT_REPORT_LIMITS.indicators)
  @IsString({ each: true })
  @MaxCharacters(INCIDENT_REPORT_LIMITS.indicator, { each: true })
  indicators?: string[] | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.details)
  details?: string | null;

  @Field(() => [IncidentReportPurpose], {
    nullable: true,
    description:
      'What the report may be used for. Empty: only for handling by the secretariat and the authorities it is routed to ' +
      '(no statistics, no sharing with members).',
  })
  @IsOptional()
  @IsArray()
  @IsEnum(IncidentReportPurpose, { each: true })
  permittedPurposes?: IncidentReportPurpose[] | null;

  @Field(() => Boolean, { nullable: true, description: 'Consent that the report also go to the police.' })
  @IsOptional()
  @IsBoolean()
  consentToPolice?: boolean | null;

  @Field(() => [ID], { nullable: true, description: 'Authorities the report may also go to, beyond those the routing rules require.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @IsUUID('all', { each: true, message: 'each authority id must be a UUID' })
  permittedAuthorityIds?: string[] | null;
}
