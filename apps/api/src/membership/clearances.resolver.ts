import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ClearanceService } from '@app/membership/clearances/clearance.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { GrantClearanceArgs } from './dto/grant-clearance.args';
import { ClearanceGrantRequestModel } from './models/clearance-grant-request.model';
import { PersonModel } from './models/person.model';

@Resolver(() => PersonModel)
export class ClearancesResolver {
  constructor(private readonly clearances: ClearanceService) {}

  @Mutation(() => PersonModel, {
    description:
      'Secretariat only, never for oneself; a clearance needs two secretariat people. With no request pending for the person, ' +
      'this records a request (see clearanceGrantRequests) and returns the person unchanged. With one pending for the same level, ' +
      'a call by another secretariat person who may approve it (IESI-cleared, not its requester, did not invite the person) ' +
      "approves it, and expiresAt must equal the request's (approveClearanceGrant needs no expiry). Granting lifts a suspension.",
  })
  async grantClearance(@Args() args: GrantClearanceArgs, @CurrentPerson() actor: AuthenticatedPerson): Promise<PersonModel> {
    return PersonModel.from(await this.clearances.grant(actor, args.personId, args.level, args.expiresAt));
  }

  @Query(() => [ClearanceGrantRequestModel], {
    description:
      'Pending clearance grant requests, oldest first (secretariat and auditors), each saying whether the signed-in person may approve it.',
  })
  async clearanceGrantRequests(@CurrentPerson() actor: AuthenticatedPerson): Promise<ClearanceGrantRequestModel[]> {
    return (await this.clearances.pending(actor)).map((view) => ClearanceGrantRequestModel.from(view));
  }

  @Mutation(() => ClearanceGrantRequestModel, {
    description:
      'Grants the requested level until the requested expiry. A secretariat person who is IESI-cleared, is not the requester, did not invite the person and is not the person.',
  })
  async approveClearanceGrant(
    @Args('requestId', { type: () => ID }, UuidPipe) requestId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<ClearanceGrantRequestModel> {
    return ClearanceGrantRequestModel.from(await this.clearances.approve(actor, requestId));
  }

  @Mutation(() => ClearanceGrantRequestModel, {
    description: 'Any secretariat person other than the requester and the person it is for. The clearance stays as it is.',
  })
  async rejectClearanceGrant(
    @Args('requestId', { type: () => ID }, UuidPipe) requestId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<ClearanceGrantRequestModel> {
    return ClearanceGrantRequestModel.from(await this.clearances.reject(actor, requestId));
  }

  @Mutation(() => PersonModel, { description: "Secretariat only, never one's own clearance; one secretariat person suffices." })
  async suspendClearance(
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<PersonModel> {
    return PersonModel.from(await this.clearances.suspend(actor, personId));
  }
}
