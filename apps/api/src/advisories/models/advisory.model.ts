import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AccessLevel, AdvisoryStatus, Classification, MembershipTier, Sector, Severity, Tlp } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';

@ObjectType('Audience')
export class AudienceModel {
  @Field(() => [MembershipTier]) tiers: MembershipTier[];
  @Field(() => [Sector]) sectors: Sector[];
  @Field(() => [String]) regions: string[];
  @Field(() => [ID]) organisationIds: string[];
  @Field(() => [ID]) personIds: string[];
  @Field() noForeign: boolean;
}

/**
 * An advisory as one reader may see it. Built only from the policy's projection (AdvisoryView),
 * never from the entity, so a field the policy withholds cannot reach the schema.
 */
@ObjectType('Advisory')
export class AdvisoryModel {
  @Field(() => ID) id: string;
  @Field(() => AccessLevel) access: AccessLevel;
  @Field(() => AdvisoryStatus) status: AdvisoryStatus;
  @Field(() => Severity) severity: Severity;
  @Field(() => Int, { description: 'The current version; every edit of a published advisory adds one.' })
  version: number;
  @Field(() => Classification, { description: "Of the view this reader gets (the tear line's when access = TEAR_LINE)." })
  classification: Classification;
  @Field(() => Tlp) tlp: Tlp;
  @Field(() => String, { nullable: true }) title: string | null;
  @Field(() => String, { nullable: true }) summary: string | null;
  @Field(() => String, { nullable: true }) body: string | null;
  @Field(() => [String], { nullable: true }) recommendedActions: string[] | null;
  @Field(() => [String], { nullable: true }) indicators: string[] | null;
  /** `originator` is resolved from this id (AdvisoryOriginatorResolver), already withheld by the policy when not shown. */
  originatorOrgId: string | null;
  @Field(() => AudienceModel, {
    nullable: true,
    description: 'Null unless the reader is secretariat, the author, or an ORG_ADMIN of the originator organisation.',
  })
  audience: AudienceModel | null;
  @Field(() => String, { nullable: true }) withdrawalReason: string | null;
  @Field(() => String, { nullable: true, description: 'Shown to the originator and the secretariat.' })
  rejectionReason: string | null;
  @Field(() => Date, { nullable: true }) publishedAt: Date | null;
  @Field(() => Date) updatedAt: Date;

  /** The GraphQL model of the policy's projection (`originator` is resolved from originatorOrgId). */
  static fromView(view: AdvisoryView): AdvisoryModel {
    return Object.assign(new AdvisoryModel(), {
      ...view,
      audience: view.audience ? Object.assign(new AudienceModel(), view.audience) : null,
    });
  }
}
