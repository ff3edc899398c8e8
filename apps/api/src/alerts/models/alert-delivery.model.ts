import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import type { AlertDeliveryView } from '@app/alerts/deliveries/alert-delivery-view.service';
import { AlertChannelKind, Severity } from '@app/platform/vocabulary';

export enum AlertDeliveryStatus {
  PENDING = 'PENDING',
  /** A LOW or INFO alert on a channel that asked for the daily digest, waiting for it. */
  DIGEST = 'DIGEST',
  DELIVERED = 'DELIVERED',
  FAILED = 'FAILED',
  /** Not sent: when it was due, its recipient could no longer receive the advisory. */
  CANCELLED = 'CANCELLED',
}
registerEnumType(AlertDeliveryStatus, {
  name: 'AlertDeliveryStatus',
  description:
    'PENDING: being sent or retried; DIGEST: waiting for the daily digest of its channel; DELIVERED: the receiver accepted it; FAILED: every attempt failed; CANCELLED: not sent, because when it was due its recipient could no longer receive the advisory (inactive, or no longer given its FULL or TEAR_LINE view).',
});

@ObjectType('AlertDelivery', {
  description: 'One alert sent through one WEBHOOK or EMAIL channel; its id is the deliveryId the receiver sees.',
})
export class AlertDeliveryModel {
  @Field(() => ID) id: string;
  @Field(() => ID) alertId: string;
  @Field(() => ID) advisoryId: string;
  @Field(() => ID, { description: 'The person the alert is for.' }) personId: string;
  @Field(() => Severity) severity: Severity;
  @Field(() => ID) channelId: string;
  @Field(() => AlertChannelKind) channelKind: AlertChannelKind;
  @Field(() => String, {
    nullable: true,
    description: "The channel's target; to anyone but its owner only a webhook's origin or an address's domain.",
  })
  target: string | null;
  @Field(() => AlertDeliveryStatus) status: AlertDeliveryStatus;
  @Field(() => Int) attempts: number;
  @Field(() => String, { nullable: true }) lastError: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) deliveredAt: Date | null;

  static from(view: AlertDeliveryView): AlertDeliveryModel {
    return Object.assign(new AlertDeliveryModel(), { ...view, status: view.status as AlertDeliveryStatus });
  }
}
