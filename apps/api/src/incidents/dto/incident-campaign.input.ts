import { Field, InputType } from '@nestjs/graphql';
import { IsOptional, IsString } from 'class-validator';
import { CAMPAIGN_LIMITS } from '@app/incidents/campaigns/incident-campaign.service';
import { MaxCharacters, NotBlank } from '../../advisories/dto/max-characters';

@InputType('CreateIncidentCampaignInput')
export class CreateIncidentCampaignInput {
  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(CAMPAIGN_LIMITS.name)
  name: string;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxCharacters(CAMPAIGN_LIMITS.description)
  description?: string | null;
}
