import { Module } from '@nestjs/common';
import { MembershipModule } from '@app/membership/membership.module';
import { ClearancesResolver } from './clearances.resolver';
import { MeResolver } from './me.resolver';
import { OrganisationsResolver } from './organisations.resolver';
import { PeopleResolver } from './people.resolver';

/** Organisations, people, pledges and clearances over GraphQL. */
@Module({
  imports: [MembershipModule],
  providers: [MeResolver, OrganisationsResolver, PeopleResolver, ClearancesResolver],
})
export class MembershipApiModule {}
