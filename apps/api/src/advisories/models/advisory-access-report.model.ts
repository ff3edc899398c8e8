import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { AccessLevel } from '@app/platform/vocabulary';
import { OrganisationModel } from '../../membership/models/organisation.model';
import { PersonModel } from '../../membership/models/person.model';
import { PageInfoModel } from '../../graphql/page-info.model';
import type { AdvisoryAccessSummary } from '@app/advisories/access-report/advisory-access-report.service';

@ObjectType('AccessCounts')
export class AccessCountsModel {
  @Field(() => Int) full: number;
  @Field(() => Int) tearLine: number;
  @Field(() => Int) metadataOnly: number;
  @Field(() => Int, { description: 'People for whom the advisory would not exist.' }) none: number;
}

@ObjectType('PersonAccess')
export class PersonAccessModel {
  @Field(() => PersonModel) person: PersonModel;
  @Field(() => AccessLevel, { nullable: true, description: 'Null: the advisory would not exist for this person.' })
  access: AccessLevel | null;
  @Field(() => [String], { description: 'Why no more than this: "pledge expired", "not in region 13", "no IESI clearance", ...' })
  reasons: string[];
}

@ObjectType('OrganisationAccess')
export class OrganisationAccessModel {
  @Field(() => OrganisationModel, { nullable: true, description: 'Null for people without an organisation.' })
  organisation: OrganisationModel | null;
  @Field(() => AccessCountsModel) counts: AccessCountsModel;
  @Field(() => [PersonAccessModel]) people: PersonAccessModel[];
}

@ObjectType('OrganisationAccessPage')
export class OrganisationAccessPageModel {
  @Field(() => [OrganisationAccessModel]) items: OrganisationAccessModel[];
  @Field(() => PageInfoModel) pageInfo: PageInfoModel;
}

/** `organisations` and `organisationPage` are resolved only when asked for (see the resolver). */
@ObjectType('AdvisoryAccessReport')
export class AdvisoryAccessReportModel {
  @Field(() => ID) advisoryId: string;
  @Field(() => AccessCountsModel) counts: AccessCountsModel;
  /** The service's summary, kept for the field resolvers; not part of the schema. */
  summary: AdvisoryAccessSummary;
}
