import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { WideningProposalService, type WideningProposalView } from '@app/advisories/widening/widening-proposal.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { toWideningRequest } from './dto/advisory-input.mapper';
import { AdvisoryWideningInput } from './dto/advisory-widening.input';
import { AdvisoryModel } from './models/advisory.model';
import { AdvisoryWideningProposalModel } from './models/advisory-widening-proposal.model';

/** Widening a published advisory: the secretariat proposes, the originator organisation decides. */
@Resolver(() => AdvisoryWideningProposalModel)
export class AdvisoryWideningResolver {
  constructor(private readonly widening: WideningProposalService) {}

  @Mutation(() => AdvisoryWideningProposalModel, {
    description: 'Secretariat: propose to widen a published advisory; it takes effect when the originator organisation consents.',
  })
  async proposeAdvisoryWidening(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: AdvisoryWideningInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryWideningProposalModel> {
    const proposal = await this.widening.propose(person, id, toWideningRequest(input), input.note?.trim() || null);
    return this.toModel(proposal);
  }

  @Mutation(() => AdvisoryModel, {
    description: 'An ORG_ADMIN of the originator organisation (the author, for an individual member): the widening becomes a new version.',
  })
  async consentToAdvisoryWidening(
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.widening.consent(person, proposalId));
  }

  @Mutation(() => AdvisoryWideningProposalModel, { description: 'The originator organisation declines; nothing changes.' })
  async declineAdvisoryWidening(
    @Args('proposalId', { type: () => ID }) proposalId: string,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryWideningProposalModel> {
    return this.toModel(await this.widening.decline(person, proposalId));
  }

  @Query(() => [AdvisoryWideningProposalModel], {
    description:
      'Pending widening proposals on published advisories: those you may decide (ORG_ADMIN of the originator) or, for the secretariat, all.',
  })
  async advisoryWideningProposals(
    @Args('advisoryId', { type: () => ID, nullable: true }) advisoryId: string | null,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryWideningProposalModel[]> {
    const proposals = await this.widening.listPending(person, advisoryId);
    return proposals.map((p) => this.toModel(p));
  }

  private toModel(proposal: WideningProposalView): AdvisoryWideningProposalModel {
    const { proposed, ...rest } = proposal;
    return Object.assign(new AdvisoryWideningProposalModel(), {
      ...rest,
      proposed: proposed ? AdvisoryModel.fromView(proposed) : null,
    });
  }
}
