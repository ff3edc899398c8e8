import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AlertChannelEntity } from '@app/alerts/channels/alert-channel.entity';
import { AlertChannelKind, Sector, Severity } from '@app/platform/vocabulary';

/** A channel as its owner sees it: never its signing secret. */
@ObjectType('AlertChannel')
export class AlertChannelModel {
  @Field(() => ID) id: string;
  @Field(() => AlertChannelKind) kind: AlertChannelKind;
  @Field(() => String, { nullable: true }) target: string | null;
  @Field(() => Severity) minSeverity: Severity;
  @Field() enabled: boolean;
  @Field(() => [Sector], { description: 'Only advisories for every sector or for one of these; empty: no sector filter.' })
  sectors: Sector[];
  @Field(() => [String], { description: 'Prefecture or municipality codes; empty: no region filter.' })
  regions: string[];
  @Field(() => Boolean, { description: 'LOW and INFO alerts wait for the daily digest.' })
  digest: boolean;
  @Field(() => Boolean, {
    description:
      'False for an EMAIL channel until its address is confirmed through the link mailed to it (resendAlertChannelConfirmation mails a new one); nothing is sent to it before. Always true for WEBHOOK and IN_APP.',
  })
  verified: boolean;

  static from(entity: AlertChannelEntity): AlertChannelModel {
    return Object.assign(new AlertChannelModel(), {
      id: entity.id,
      kind: entity.kind,
      target: entity.target,
      minSeverity: entity.minSeverity,
      enabled: entity.enabled,
      sectors: entity.sectors ?? [],
      regions: entity.regions ?? [],
      digest: entity.digest ?? false,
      verified: entity.verified,
    });
  }
}

@ObjectType('AlertChannelWithSecret')
export class AlertChannelWithSecretModel {
  @Field(() => AlertChannelModel) channel: AlertChannelModel;
  @Field(() => String, { nullable: true, description: 'Shown once: the HMAC key for webhook signatures.' })
  signingSecret: string | null;
}
