import type { PersonSubject } from '@app/policy/membership/membership-ability';
import type { PersonEntity } from './person.entity';

/** The person as the audit log records them (never the password hash). */
export function personSnapshot(person: PersonEntity): Record<string, unknown> {
  return {
    email: person.email,
    displayName: person.displayName,
    organisationId: person.organisationId,
    individualTier: person.individualTier,
    roles: person.roles,
    active: person.active,
    pledgeExpiresAt: person.pledgeExpiresAt,
    clearanceLevel: person.clearanceLevel,
    clearanceExpiresAt: person.clearanceExpiresAt,
    clearanceSuspended: person.clearanceSuspended,
  };
}

/** The fields membership rules look at. */
export function personSubject(person: Pick<PersonEntity, 'id' | 'organisationId' | 'roles' | 'deactivatedBySecretariat'>): PersonSubject {
  return {
    id: person.id,
    organisationId: person.organisationId,
    roles: person.roles,
    deactivatedBySecretariat: person.deactivatedBySecretariat,
  };
}
