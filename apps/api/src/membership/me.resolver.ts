import { Query, Resolver } from '@nestjs/graphql';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { PersonModel } from './models/person.model';

@Resolver(() => PersonModel)
export class MeResolver {
  @Query(() => PersonModel, { description: 'The signed-in person, in their current state.' })
  me(@CurrentPerson() person: AuthenticatedPerson): PersonModel {
    return PersonModel.from(person);
  }
}
