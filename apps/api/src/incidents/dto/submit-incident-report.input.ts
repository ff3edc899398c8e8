import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsString } from 'class-validator';
import { INCIDENT_REPORT_LIMITS } from '@app/incidents/reports/incident-report-content';
import { MaxCharacters, NotBlank } from '../../advisories/dto/max-characters';
import { IncidentReportDetailsInput } from './incident-report-details.input';

/** A FIRST report: four fields are required, everything else may follow later. */
@InputType('SubmitIncidentReportInput')
export class SubmitIncidentReportInput extends IncidentReportDetailsInput {
  @Field({ description: 'What was seen, in a few words.' })
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.whatWasSeen)
  whatWasSeen: string;

  @Field(() => Date)
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T09:30:00Z)' })
  detectedAt: Date;

  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.affectedService)
  affectedService: string;

  @Field({ description: 'How the secretariat reaches the reporter (phone, e-mail).' })
  @IsString()
  @NotBlank()
  @MaxCharacters(INCIDENT_REPORT_LIMITS.contact)
  contact: string;
}
