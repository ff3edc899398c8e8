import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { OrganisationService } from '@app/membership/organisations/organisation.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { CreateOrganisationInput } from './dto/create-organisation.input';
import { UpdateOrganisationInput } from './dto/update-organisation.input';
import { OrganisationModel } from './models/organisation.model';

@Resolver(() => OrganisationModel)
export class OrganisationsResolver {
  constructor(private readonly service: OrganisationService) {}

  @Query(() => [OrganisationModel], {
    description: 'Secretariat and auditors: every organisation. Anyone else: their own organisation only (membership is confidential).',
  })
  async organisations(@CurrentPerson() reader: AuthenticatedPerson): Promise<OrganisationModel[]> {
    return (await this.service.list(reader)).map((o) => OrganisationModel.from(o));
  }

  @Mutation(() => OrganisationModel, { description: 'Secretariat.' })
  async createOrganisation(
    @Args('input') input: CreateOrganisationInput,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<OrganisationModel> {
    return OrganisationModel.from(await this.service.create(actor, input));
  }

  @Mutation(() => OrganisationModel, { description: 'Secretariat. `active: false` deactivates the organisation.' })
  async updateOrganisation(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: UpdateOrganisationInput,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<OrganisationModel> {
    return OrganisationModel.from(await this.service.update(actor, id, input));
  }
}
