import { ArgsType, Field, Int } from '@nestjs/graphql';
import { IsEnum, IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_FOLLOW_UP_SECONDS, MIN_FOLLOW_UP_SECONDS } from '@app/incidents/deadlines/incident-deadline.service';
import { IncidentType } from '@app/platform/vocabulary';

@ArgsType()
export class SetIncidentFollowUpDeadlineArgs {
  @Field(() => IncidentType, { nullable: true, description: 'Left out or null: the default for every type without its own.' })
  @IsOptional()
  @IsEnum(IncidentType)
  incidentType?: IncidentType | null;

  @Field(() => Int, { nullable: true, description: "Seconds after the FIRST report; null removes a type's own setting." })
  @IsOptional()
  @IsInt()
  @Min(MIN_FOLLOW_UP_SECONDS)
  @Max(MAX_FOLLOW_UP_SECONDS)
  followUpSeconds?: number | null;
}
