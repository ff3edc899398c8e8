import { Field, ObjectType } from '@nestjs/graphql';
import type { IssuedInvitation } from '@app/identity/invitations/invitation.service';
import { PersonModel } from '../../membership/models/person.model';

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => PersonModel) person: PersonModel;
  @Field({ description: 'Shown once: the council keeps only its hash. The person accepts with it.' }) token: string;
  @Field(() => Date) expiresAt: Date;

  static from(issued: IssuedInvitation): InvitationModel {
    return Object.assign(new InvitationModel(), {
      person: PersonModel.from(issued.person),
      token: issued.token,
      expiresAt: issued.expiresAt,
    });
  }
}
