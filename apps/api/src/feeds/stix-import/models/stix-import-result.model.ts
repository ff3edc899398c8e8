import { Field, Int, ObjectType } from '@nestjs/graphql';
import { AdvisoryModel } from '../../../advisories/models/advisory.model';

@ObjectType('StixSkippedIndicator', { description: 'An indicator of the bundle that gave no indicator string.' })
export class StixSkippedIndicatorModel {
  @Field({ description: 'The STIX id of the indicator.' }) id: string;
  @Field() reason: string;
}

@ObjectType('StixIgnoredObjects', { description: 'Objects of one type that an advisory has no field for.' })
export class StixIgnoredObjectsModel {
  @Field() type: string;
  @Field(() => Int) count: number;
}

@ObjectType('StixImportResult')
export class StixImportResultModel {
  @Field(() => AdvisoryModel, { description: 'The DRAFT, as its author sees it.' })
  advisory: AdvisoryModel;

  @Field({ description: 'The bundle id that was imported.' })
  bundleId: string;

  @Field(() => String, { nullable: true, description: 'The report the title and summary came from.' })
  reportId: string | null;

  @Field(() => Int, { description: 'Distinct indicator strings taken from the indicators.' })
  indicatorCount: number;

  @Field(() => [StixSkippedIndicatorModel], {
    description: 'Revoked indicators, and unsupported ones when skipUnsupportedIndicators was set.',
  })
  skippedIndicators: StixSkippedIndicatorModel[];

  @Field(() => [StixIgnoredObjectsModel], {
    description: 'Identities, relationships, malware, observables and other context the draft does not carry.',
  })
  ignoredObjects: StixIgnoredObjectsModel[];
}
