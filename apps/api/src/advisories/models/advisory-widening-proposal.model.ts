import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { WideningProposalStatus } from '@app/advisories/entities/widening-proposal.entity';
import { AdvisoryModel } from './advisory.model';

registerEnumType(WideningProposalStatus, { name: 'WideningProposalStatus' });

@ObjectType('AdvisoryWideningProposal', {
  description: "The secretariat's proposal to widen a published advisory, waiting for the originator organisation's consent.",
})
export class AdvisoryWideningProposalModel {
  @Field(() => ID) id: string;
  @Field(() => ID) advisoryId: string;
  @Field(() => WideningProposalStatus) status: WideningProposalStatus;
  @Field(() => Int, { description: 'The advisory version it was proposed against.' })
  baseVersion: number;
  @Field({ description: 'The advisory has changed since: consent is refused and the secretariat proposes again.' })
  stale: boolean;
  @Field(() => String, { nullable: true }) note: string | null;
  @Field(() => [String], { description: 'What it widens, one "field: change" per restriction.' })
  widens: string[];
  @Field(() => Date) proposedAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => AdvisoryModel, {
    nullable: true,
    description: 'While pending: the advisory as it would be after consent, as you would see it.',
  })
  proposed: AdvisoryModel | null;
}
