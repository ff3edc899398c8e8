import { Field, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { AdvisoryVersionChange } from '@app/advisories/versions/advisory-version-snapshot';
import { AdvisoryModel } from './advisory.model';

registerEnumType(AdvisoryVersionChange, {
  name: 'AdvisoryVersionChange',
  description: 'How a version came to be: first publication, an edit by the originator, or a consented widening.',
});

@ObjectType('AdvisoryVersion')
export class AdvisoryVersionModel {
  @Field(() => Int) version: number;
  @Field(() => AdvisoryVersionChange) change: AdvisoryVersionChange;
  @Field(() => Date) createdAt: Date;
  @Field(() => AdvisoryModel, { description: 'That version, as you may read it now.' })
  advisory: AdvisoryModel;
}
