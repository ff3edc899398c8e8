import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { InvitationService } from '@app/identity/invitations/invitation.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { CreatePersonInput } from './dto/create-person.input';
import { InvitationModel } from './models/invitation.model';

@Resolver(() => InvitationModel)
export class InvitationResolver {
  constructor(private readonly invitations: InvitationService) {}

  @Mutation(() => InvitationModel, {
    description: 'Secretariat for anyone; ORG_ADMIN for people of their own organisation (never SECRETARIAT or AUDITOR roles).',
  })
  async invitePerson(
    @Args('input') input: CreatePersonInput,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<InvitationModel> {
    return InvitationModel.from(await this.invitations.invite(actor, input));
  }

  @Mutation(() => InvitationModel, {
    description:
      'A new invitation token for a person who has not accepted yet (e.g. the first expired); earlier tokens stop working. Whoever may invite the person.',
  })
  async renewInvitation(
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<InvitationModel> {
    return InvitationModel.from(await this.invitations.renew(actor, personId));
  }
}
