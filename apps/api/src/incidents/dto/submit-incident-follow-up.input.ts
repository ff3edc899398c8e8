import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsIn, IsOptional, IsString } from 'class-validator';
import { INCIDENT_REPORT_LIMITS } from '@app/incidents/reports/incident-report-content';
import { IncidentReportStage } from '@app/platform/vocabulary';
import { MaxCharacters, NotBlank } from '../../advisories/dto/max-characters';
import { IncidentReportDetailsInput } from './incident-report-details.input';

/** A FOLLOW_UP or FINAL report: what changed; every field left out is carried over. */
@InputType('IncidentFollowUpInput')
export class IncidentFollowUpInput extends IncidentReportDetailsInput {
  @Field(() => IncidentReportStage, { description: 'FOLLOW_UP, or FINAL to close the incident.' })
  @IsIn([IncidentReportStage.FOLLOW_UP, IncidentReportStage.FINAL], {
    message: 'stage must be FOLLOW_UP or FINAL (a FIRST report opens a new incident)',
  })
  stage: IncidentReportStage.FOLLOW_UP | IncidentReportStage.FINAL;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.whatWasSeen)
  whatWasSeen?: string | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T09:30:00Z)' })
  detectedAt?: Date | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.affectedService)
  affectedService?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.contact)
  contact?: string | null;
}
