import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { ClearanceService } from '@app/membership/clearances/clearance.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { GrantClearanceArgs } from './dto/grant-clearance.args';
import { PersonModel } from './models/person.model';

@Resolver(() => PersonModel)
export class ClearancesResolver {
  constructor(private readonly clearances: ClearanceService) {}

  @Mutation(() => PersonModel, { description: 'Secretariat only (never to oneself). Lifts a suspension.' })
  async grantClearance(@Args() args: GrantClearanceArgs, @CurrentPerson() actor: AuthenticatedPerson): Promise<PersonModel> {
    return PersonModel.from(await this.clearances.grant(actor, args.personId, args.level, args.expiresAt));
  }

  @Mutation(() => PersonModel, { description: 'Secretariat only.' })
  async suspendClearance(
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<PersonModel> {
    return PersonModel.from(await this.clearances.suspend(actor, personId));
  }
}
