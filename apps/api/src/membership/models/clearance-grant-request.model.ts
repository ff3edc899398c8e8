import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { ClearanceGrantRequestStatus } from '@app/membership/clearances/clearance-grant-request.entity';
import type { ClearanceGrantRequestView } from '@app/membership/clearances/clearance.service';
import { ClearanceLevel } from '@app/platform/vocabulary';
import { PersonModel } from './person.model';

registerEnumType(ClearanceGrantRequestStatus, { name: 'ClearanceGrantRequestStatus' });

@ObjectType('ClearanceGrantRequest', {
  description:
    "One secretariat person's request to grant a clearance, waiting for a second one to approve it: a secretariat person who is IESI-cleared, did not request it, did not invite the person and is not the person.",
})
export class ClearanceGrantRequestModel {
  @Field(() => ID) id: string;
  @Field(() => PersonModel, { description: 'Who the clearance is for.' }) person: PersonModel;
  @Field(() => ClearanceLevel) level: ClearanceLevel;
  @Field(() => Date, { description: "The clearance's expiry as requested: an approval grants exactly this." }) expiresAt: Date;
  @Field(() => PersonModel) requestedBy: PersonModel;
  @Field(() => Date) requestedAt: Date;
  @Field(() => ClearanceGrantRequestStatus) status: ClearanceGrantRequestStatus;
  @Field(() => PersonModel, { nullable: true }) decidedBy: PersonModel | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field({ description: 'Whether the signed-in person may approve this request now.' }) mayApprove: boolean;
  @Field(() => String, {
    nullable: true,
    description: 'Why the signed-in person may not approve it (null when they may, or when it is decided).',
  })
  approvalRefusal: string | null;

  static from({ request, approvalRefusal }: ClearanceGrantRequestView): ClearanceGrantRequestModel {
    if (!request.person || !request.requestedBy) throw new Error('a clearance grant request is shown with its person and requester loaded');
    return Object.assign(new ClearanceGrantRequestModel(), {
      id: request.id,
      person: PersonModel.from(request.person),
      level: request.level,
      expiresAt: request.expiresAt,
      requestedBy: PersonModel.from(request.requestedBy),
      requestedAt: request.createdAt,
      status: request.status,
      decidedBy: request.decidedBy ? PersonModel.from(request.decidedBy) : null,
      decidedAt: request.decidedAt,
      mayApprove: request.status === ClearanceGrantRequestStatus.PENDING && approvalRefusal === null,
      approvalRefusal,
    });
  }
}
