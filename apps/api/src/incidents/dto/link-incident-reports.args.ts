import { ArgsType, Field, ID } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsUUID } from 'class-validator';
import { CAMPAIGN_LIMITS } from '@app/incidents/campaigns/incident-campaign.service';

@ArgsType()
export class LinkIncidentReportsArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'campaignId must be a UUID' })
  campaignId: string;

  @Field(() => [ID])
  @IsArray()
  @ArrayMinSize(1, { message: 'reportIds must name at least one report' })
  @ArrayMaxSize(CAMPAIGN_LIMITS.reportsPerLink)
  @IsUUID('all', { each: true, message: 'each report id must be a UUID' })
  reportIds: string[];
}
