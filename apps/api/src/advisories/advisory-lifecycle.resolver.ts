import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { AdvisoryLifecycleService } from '@app/advisories/lifecycle/advisory-lifecycle.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { toContent, toPatch } from './dto/advisory-input.mapper';
import { AdvisoryReasonArgs } from './dto/advisory-reason.args';
import { CreateAdvisoryInput } from './dto/create-advisory.input';
import { UpdateAdvisoryInput } from './dto/update-advisory.input';
import { AdvisoryModel } from './models/advisory.model';

/** The advisory lifecycle. Each mutation answers the advisory as the actor sees it afterwards. */
@Resolver(() => AdvisoryModel)
export class AdvisoryLifecycleResolver {
  constructor(private readonly lifecycle: AdvisoryLifecycleService) {}

  @Mutation(() => AdvisoryModel, { description: 'A member author; the advisory starts as DRAFT.' })
  async createAdvisory(@Args('input') input: CreateAdvisoryInput, @CurrentPerson() person: AuthenticatedPerson): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.create(person, toContent(input)));
  }

  @Mutation(() => AdvisoryModel, {
    description:
      'The author or an ORG_ADMIN of the originator organisation. DRAFT and REJECTED advisories change in place; ' +
      'a PUBLISHED one gets a new version at once when the change narrows or keeps its audience. Widening ' +
      "needs proposeAdvisoryWidening and the originator organisation's consent.",
  })
  async updateAdvisory(
    @Args('id', { type: () => ID }) id: string,
    @Args('input') input: UpdateAdvisoryInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.update(person, id, toPatch(input)));
  }

  @Mutation(() => AdvisoryModel, { description: 'The author: DRAFT or REJECTED -> PENDING_REVIEW.' })
  async submitAdvisory(@Args('id', { type: () => ID }) id: string, @CurrentPerson() person: AuthenticatedPerson): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.submit(person, id));
  }

  @Mutation(() => AdvisoryModel, {
    description: 'Secretariat: PENDING_REVIEW -> PUBLISHED (this triggers the alerts), or -> REJECTED.',
  })
  async approveAdvisory(@Args('id', { type: () => ID }) id: string, @CurrentPerson() person: AuthenticatedPerson): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.approve(person, id));
  }

  @Mutation(() => AdvisoryModel)
  async rejectAdvisory(@Args() args: AdvisoryReasonArgs, @CurrentPerson() person: AuthenticatedPerson): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.reject(person, args.id, args.reason.trim()));
  }

  @Mutation(() => AdvisoryModel, { description: 'Secretariat or originator.' })
  async withdrawAdvisory(@Args() args: AdvisoryReasonArgs, @CurrentPerson() person: AuthenticatedPerson): Promise<AdvisoryModel> {
    return AdvisoryModel.fromView(await this.lifecycle.withdraw(person, args.id, args.reason.trim()));
  }
}
