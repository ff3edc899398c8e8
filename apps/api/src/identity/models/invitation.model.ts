import { Field, ObjectType, registerEnumType } from '@nestjs/graphql';
import { InvitationDelivery, type IssuedInvitation } from '@app/identity/invitations/invitation.service';
import { PersonModel } from '../../membership/models/person.model';

registerEnumType(InvitationDelivery, {
  name: 'InvitationDelivery',
  description: "How the invitation's token reached the invitee.",
  valuesMap: {
    SHOWN: { description: 'In this answer, to the inviter: development and tests only.' },
    EMAILED: { description: 'E-mailed to the invitee only (production).' },
    EMAIL_NOT_CONFIGURED: {
      description:
        'Production without SMTP_URL: the invitation exists but nobody received its token; configure e-mail, then renewInvitation.',
    },
    EMAIL_FAILED: { description: 'Production: the e-mail could not be sent; renewInvitation tries again.' },
  },
});

@ObjectType('Invitation')
export class InvitationModel {
  @Field(() => PersonModel) person: PersonModel;
  @Field({
    description:
      'Development and tests: the token, shown once (the council keeps only its hash); the person accepts with it. ' +
      'In production the token goes only to the invitee, by e-mail, and this is the empty string (see delivery).',
  })
  token: string;
  @Field(() => Date) expiresAt: Date;
  @Field(() => InvitationDelivery) delivery: InvitationDelivery;
  @Field(() => String, { nullable: true, description: 'For the inviter when the invitee did not receive the token, and what to do.' })
  notice: string | null;

  static from(issued: IssuedInvitation): InvitationModel {
    return Object.assign(new InvitationModel(), {
      person: PersonModel.from(issued.person),
      // The contract's token is non-null: where it is not shown, it is empty.
      token: issued.token ?? '',
      expiresAt: issued.expiresAt,
      delivery: issued.delivery,
      notice: issued.notice,
    });
  }
}
