import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { MembershipTier, OrganisationKind, Sector } from '@app/platform/vocabulary';

@ObjectType('Organisation')
export class OrganisationModel {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => OrganisationKind) kind: OrganisationKind;
  @Field(() => MembershipTier) tier: MembershipTier;
  @Field(() => [Sector]) sectors: Sector[];
  @Field(() => String, { nullable: true }) prefecture: string | null;
  @Field(() => String, { nullable: true }) municipality: string | null;
  @Field() foreign: boolean;
  @Field() active: boolean;
  @Field(() => Date, { nullable: true }) agreementExpiresAt: Date | null;
  @Field(() => Date, { nullable: true }) facilityClearanceExpiresAt: Date | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Seconds before an unacknowledged CRITICAL alert escalates. Shown to the organisation and the secretariat.',
  })
  escalationDelaySeconds: number | null;

  static from(entity: OrganisationEntity): OrganisationModel {
    return Object.assign(new OrganisationModel(), {
      id: entity.id,
      name: entity.name,
      kind: entity.kind,
      tier: entity.tier,
      sectors: entity.sectors,
      prefecture: entity.prefecture,
      municipality: entity.municipality,
      foreign: entity.foreign,
      active: entity.active,
      agreementExpiresAt: entity.agreementExpiresAt,
      facilityClearanceExpiresAt: entity.facilityClearanceExpiresAt,
      escalationDelaySeconds: entity.escalationDelaySeconds,
    });
  }
}
