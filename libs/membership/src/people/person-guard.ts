import type { EntityManager } from 'typeorm';
import { CouncilError } from '@app/platform/errors/council-error';
import { asSubject, type MembershipAbility, type MembershipAction } from '@app/policy/membership/membership-ability';
import { PersonEntity } from './person.entity';
import { personSubject } from './person-snapshot';

/**
 * Loads a person for a change, locked for the rest of the transaction. A person the actor may not
 * even see is reported exactly like one that does not exist (membership is confidential); one they
 * see but may not change is FORBIDDEN.
 */
export async function lockPersonFor(
  manager: EntityManager,
  ability: MembershipAbility,
  action: MembershipAction,
  personId: string,
  refusal: string,
): Promise<PersonEntity> {
  const person = await manager.findOne(PersonEntity, { where: { id: personId }, lock: { mode: 'pessimistic_write' } });
  if (!person || !ability.can('read', asSubject('Person', personSubject(person)))) {
    throw CouncilError.notFound('Person');
  }
  if (!ability.can(action, asSubject('Person', personSubject(person)))) throw CouncilError.forbidden(refusal);
  return person;
}

/** Refuses at once when no rule could allow the action on any person (e.g. a plain member). */
export function assertMayEver(ability: MembershipAbility, action: MembershipAction, refusal: string): void {
  if (!ability.can(action, 'Person')) throw CouncilError.forbidden(refusal);
}
