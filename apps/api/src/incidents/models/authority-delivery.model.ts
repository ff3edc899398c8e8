import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { IncidentDeliveryView } from '@app/incidents/deliveries/incident-delivery-view.service';
import { IncidentDeliveryStatus, IncidentReportStage, ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';
import { IncidentRoutingReason } from '../authority-enums';

@ObjectType('IncidentDelivery', {
  description: 'One report to one reporting authority; its id is the deliveryId the authority sees, stable across retries.',
})
export class IncidentDeliveryModel {
  @Field(() => ID) id: string;
  @Field(() => ID) reportId: string;
  @Field(() => ID) incidentId: string;
  @Field(() => IncidentReportStage) stage: IncidentReportStage;
  @Field(() => ID) authorityId: string;
  @Field() authorityNameJa: string;
  @Field() authorityNameEn: string;
  @Field(() => ReportingAuthorityKind) authorityKind: ReportingAuthorityKind;
  @Field(() => ReportingChannelKind, { nullable: true, description: 'Secretariat only.' }) channelKind: ReportingChannelKind | null;
  @Field(() => IncidentRoutingReason) reason: IncidentRoutingReason;
  @Field(() => IncidentDeliveryStatus) status: IncidentDeliveryStatus;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true, description: "The last failure; to the reporter's side without the authority's addresses." })
  lastError: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;

  static from(view: IncidentDeliveryView): IncidentDeliveryModel {
    return Object.assign(new IncidentDeliveryModel(), { ...view, reason: view.reason as IncidentRoutingReason });
  }
}
