import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { IncidentCampaignEntity } from '@app/incidents/campaigns/incident-campaign.entity';

/** The secretariat's grouping of reports (`reports` lists them). Secretariat only. */
@ObjectType('IncidentCampaign')
export class IncidentCampaignModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => ID) createdById: string;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;

  static from(campaign: IncidentCampaignEntity): IncidentCampaignModel {
    return Object.assign(new IncidentCampaignModel(), {
      id: campaign.id,
      name: campaign.name,
      description: campaign.description,
      createdById: campaign.createdById,
      createdAt: campaign.createdAt,
      updatedAt: campaign.updatedAt,
    });
  }
}
