import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { PeopleService } from '@app/membership/people/people.service';
import { PledgeService } from '@app/membership/pledges/pledge.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { decodeCursor, encodeCursor } from '../graphql/id-cursor';
import { UuidPipe } from '../graphql/uuid.pipe';
import { PeopleArgs } from './dto/people.args';
import { SetPersonRolesArgs } from './dto/set-person-roles.args';
import { PersonConnectionModel } from './models/person-connection.model';
import { PersonModel } from './models/person.model';

const PEOPLE_LIST = 'people';

@Resolver(() => PersonModel)
export class PeopleResolver {
  constructor(
    private readonly service: PeopleService,
    private readonly pledges: PledgeService,
  ) {}

  @Query(() => PersonModel, {
    nullable: true,
    description: 'Secretariat and auditors: anyone; ORG_ADMIN: people of their organisation; anyone: themselves. Null otherwise.',
  })
  async person(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<PersonModel | null> {
    const person = await this.service.get(reader, id);
    return person ? PersonModel.from(person) : null;
  }

  @Query(() => PersonConnectionModel, {
    description: 'The people the reader may see (as for `person`), by e-mail address.',
  })
  async people(@Args() args: PeopleArgs, @CurrentPerson() reader: AuthenticatedPerson): Promise<PersonConnectionModel> {
    const afterEmail = decodeCursor(PEOPLE_LIST, args.after, (email) => email.length > 0 && email.length <= 254);
    const page = await this.service.page(reader, { organisationId: args.organisationId, first: args.first, afterEmail });
    const edges = page.people.map((p) => ({ cursor: encodeCursor(PEOPLE_LIST, p.email), node: PersonModel.from(p) }));
    return Object.assign(new PersonConnectionModel(), {
      edges,
      pageInfo: { endCursor: edges.at(-1)?.cursor ?? null, hasNextPage: page.hasNextPage },
    });
  }

  @Mutation(() => PersonModel, { description: "Signs the reader's own confidentiality pledge, valid one year (configurable)." })
  async signPledge(@CurrentPerson() actor: AuthenticatedPerson): Promise<PersonModel> {
    return PersonModel.from(await this.pledges.sign(actor));
  }

  @Mutation(() => PersonModel, {
    description: 'Secretariat for anyone; ORG_ADMIN for people of their own organisation. Never oneself. Takes effect on the next request.',
  })
  async setPersonActive(
    @Args('personId', { type: () => ID }, UuidPipe) personId: string,
    @Args('active') active: boolean,
    @CurrentPerson() actor: AuthenticatedPerson,
  ): Promise<PersonModel> {
    return PersonModel.from(await this.service.setActive(actor, personId, active));
  }

  @Mutation(() => PersonModel, {
    description:
      "Replaces a person's roles. Secretariat for anyone; ORG_ADMIN for people of their own organisation, never giving or taking SECRETARIAT or AUDITOR. Never one's own.",
  })
  async setPersonRoles(@Args() args: SetPersonRolesArgs, @CurrentPerson() actor: AuthenticatedPerson): Promise<PersonModel> {
    return PersonModel.from(await this.service.setRoles(actor, args.personId, args.roles));
  }
}
