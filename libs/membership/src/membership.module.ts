import { Module } from '@nestjs/common';
import { ClearanceService } from './clearances/clearance.service';
import { OrganisationService } from './organisations/organisation.service';
import { PeopleService } from './people/people.service';
import { PledgeService } from './pledges/pledge.service';
import { SignedInPersonLoader } from './people/signed-in-person-loader';

/** Organisations, people, pledges and clearances (the policy and audit modules are global). */
@Module({
  providers: [OrganisationService, PeopleService, PledgeService, ClearanceService, SignedInPersonLoader],
  exports: [OrganisationService, PeopleService, PledgeService, ClearanceService, SignedInPersonLoader],
})
export class MembershipModule {}
