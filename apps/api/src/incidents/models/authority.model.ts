import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { ReportingAuthorityView } from '@app/incidents/authorities/reporting-authority.service';
import { IncidentType, PersonalDataCondition, ReportingAuthorityKind, ReportingChannelKind, Sector } from '@app/platform/vocabulary';
import '../authority-enums';

@ObjectType('RoutingRule', {
  description: 'Every non-empty condition must hold; any one matching rule makes a report due to the authority.',
})
export class RoutingRuleModel {
  @Field(() => [Sector], { description: "The report's affected sectors or the reporting organisation's meet one of these; empty: any." })
  sectors: Sector[];
  @Field(() => [IncidentType], { description: "The report's incident type is one of these; empty: any (also a type not known yet)." })
  incidentTypes: IncidentType[];
  @Field(() => PersonalDataCondition) personalData: PersonalDataCondition;
}

@ObjectType('ReportingAuthority', {
  description:
    "An authority that receives incident reports through the one window. Members see the active ones (names, kind, consent); channel and rules are the secretariat's.",
})
export class ReportingAuthorityModel {
  @Field(() => ID) id: string;
  @Field() nameJa: string;
  @Field() nameEn: string;
  @Field(() => ReportingAuthorityKind) kind: ReportingAuthorityKind;
  @Field({ description: "Never receives a report without the reporter's consent (always true for POLICE)." })
  requiresReporterConsent: boolean;
  @Field() active: boolean;
  @Field(() => ReportingChannelKind, { nullable: true, description: 'Secretariat only.' }) channelKind: ReportingChannelKind | null;
  @Field(() => String, { nullable: true, description: 'Secretariat only: the webhook URL or e-mail address.' }) target: string | null;
  @Field(() => [RoutingRuleModel], { nullable: true, description: 'Secretariat only.' }) routingRules: RoutingRuleModel[] | null;
  @Field(() => String, { nullable: true, description: 'Secretariat only: the OpenPGP key e-mail to this authority is encrypted to.' })
  openPgpFingerprint: string | null;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date) updatedAt: Date;

  static from(view: ReportingAuthorityView): ReportingAuthorityModel {
    return Object.assign(new ReportingAuthorityModel(), {
      ...view,
      routingRules: view.routingRules ? view.routingRules.map((rule) => Object.assign(new RoutingRuleModel(), rule)) : null,
    });
  }
}

@ObjectType('ReportingAuthorityPayload')
export class ReportingAuthorityPayload {
  @Field(() => ReportingAuthorityModel) authority: ReportingAuthorityModel;
  @Field(() => String, {
    nullable: true,
    description: "A WEBHOOK authority's new signing secret, shown here once (X-Council-Signature as in ALERTS.md); null otherwise.",
  })
  signingSecret: string | null;
}
