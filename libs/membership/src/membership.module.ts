import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MEMBERSHIP_ENTITIES } from './membership-entities';
import { ClearanceService } from './clearances/clearance.service';
import { OrganisationService } from './organisations/organisation.service';
import { PeopleService } from './people/people.service';
import { PledgeService } from './pledges/pledge.service';
import { SignedInPersonLoader } from './people/signed-in-person-loader';

/** Organisations, people, pledges and clearances (the policy and audit modules are global). */
@Module({
  imports: [TypeOrmModule.forFeature(MEMBERSHIP_ENTITIES)],
  providers: [OrganisationService, PeopleService, PledgeService, ClearanceService, SignedInPersonLoader],
  exports: [OrganisationService, PeopleService, PledgeService, ClearanceService, SignedInPersonLoader],
})
export class MembershipModule {}
