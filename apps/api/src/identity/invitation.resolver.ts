import { Args, Context, ID, Mutation, Resolver } from '@nestjs/graphql';
import type { Request } from 'express';
import { InvitationRateLimiter } from '@app/identity/invitations/invitation-rate-limiter';
import { InvitationService } from '@app/identity/invitations/invitation.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import { clientAddress, type AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { CreatePersonInput } from './dto/create-person.input';
import { InvitationModel } from './models/invitation.model';

@Resolver(() => InvitationModel)
export class InvitationResolver {
  constructor(
    private readonly invitations: InvitationService,
    private readonly limiter: InvitationRateLimiter,
  ) {}

  @Mutation(() => InvitationModel, {
    description:
      'Secretariat for anyone; ORG_ADMIN for people of their own organisation (never SECRETARIAT or AUDITOR roles). ' +
      'In production the token is e-mailed to the invitee only (see Invitation.delivery).',
  })
  async invitePerson(
    @Args('input') input: CreatePersonInput,
    @CurrentPerson() actor: AuthenticatedPerson,
    @Context('req') request: Request,
  ): Promise<InvitationModel> {
    await this.limiter.assertMayIssue(actor.id, clientAddress(request));
    return InvitationModel.from(await this.invitations.invite(actor, input));
  }

  @Mutation(() => InvitationModel, {
    description:
      "A new invitation token for a person who has not accepted yet (e.g. the first expired, or its e-mail was not sent); earlier tokens stop working. Whoever may invite the person. Delivered like invitePerson's.",
  })
  async renewInvitation(
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
    @Context('req') request: Request,
  ): Promise<InvitationModel> {
    await this.limiter.assertMayIssue(actor.id, clientAddress(request));
    return InvitationModel.from(await this.invitations.renew(actor, personId));
  }
}
