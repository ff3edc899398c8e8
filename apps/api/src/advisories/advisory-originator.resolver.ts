import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { OrganisationModel } from '../membership/models/organisation.model';
import { AdvisoryOriginators } from './advisory-originators';
import { AdvisoryModel } from './models/advisory.model';

@Resolver(() => AdvisoryModel)
export class AdvisoryOriginatorResolver {
  constructor(private readonly originators: AdvisoryOriginators) {}

  @ResolveField(() => OrganisationModel, {
    nullable: true,
    description: 'Null unless attributed, or the reader is secretariat or of the originator organisation.',
  })
  originator(@Parent() advisory: AdvisoryModel, @CurrentPerson() reader: AuthenticatedPerson): Promise<OrganisationModel | null> {
    return this.originators.originatorFor(reader, advisory.originatorOrgId);
  }
}
