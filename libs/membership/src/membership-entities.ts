import { ClearanceGrantRequestEntity } from './clearances/clearance-grant-request.entity';
import { OrganisationEntity } from './organisations/organisation.entity';
import { PersonEntity } from './people/person.entity';

/** The tables this library owns; its module registers them (TypeOrmModule.forFeature). */
export const MEMBERSHIP_ENTITIES = [OrganisationEntity, PersonEntity, ClearanceGrantRequestEntity];
