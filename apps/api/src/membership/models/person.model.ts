import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { PersonEntity } from '@app/membership/people/person.entity';
import { ClearanceLevel, MembershipTier, Role } from '@app/platform/vocabulary';
import { OrganisationModel } from './organisation.model';

@ObjectType('Clearance')
export class ClearanceModel {
  @Field(() => ClearanceLevel) level: ClearanceLevel;
  @Field(() => Date, { nullable: true }) expiresAt: Date | null;
  @Field() suspended: boolean;
}

/** A person as GraphQL shows them; never the password hash. */
@ObjectType('Person')
export class PersonModel {
  @Field(() => ID) id: string;
  @Field() email: string;
  @Field() displayName: string;
  @Field(() => OrganisationModel, { nullable: true }) organisation: OrganisationModel | null;
  @Field(() => MembershipTier, { nullable: true }) individualTier: MembershipTier | null;
  @Field(() => [Role]) roles: Role[];
  @Field() active: boolean;
  @Field(() => Date, { nullable: true }) pledgeExpiresAt: Date | null;
  @Field(() => ClearanceModel) clearance: ClearanceModel;

  /** `entity.organisation` must be loaded when the person has one. */
  static from(entity: PersonEntity): PersonModel {
    return Object.assign(new PersonModel(), {
      id: entity.id,
      email: entity.email,
      displayName: entity.displayName,
      organisation: entity.organisation ? OrganisationModel.from(entity.organisation) : null,
      individualTier: entity.individualTier,
      roles: entity.roles,
      active: entity.active,
      pledgeExpiresAt: entity.pledgeExpiresAt,
      clearance: Object.assign(new ClearanceModel(), {
        level: entity.clearanceLevel,
        expiresAt: entity.clearanceExpiresAt,
        suspended: entity.clearanceSuspended,
      }),
    });
  }
}
