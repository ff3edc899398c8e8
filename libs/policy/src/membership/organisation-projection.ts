import { asSubject, type MembershipAbility } from './membership-ability';

/** The membership facts of an organisation: confidential to those who may read the organisation. */
interface MembershipFacts {
  agreementExpiresAt: Date | null;
  facilityClearanceExpiresAt: Date | null;
  escalationDelaySeconds: number | null;
}

/**
 * An organisation as a reader sees it where it appears beside something else (an advisory's
 * originator): whole if the reader may read the organisation, otherwise without its agreement and
 * facility-clearance dates and escalation delay.
 */
export function projectOrganisation<T extends MembershipFacts & { id: string }>(ability: MembershipAbility, organisation: T): T {
  if (ability.can('read', asSubject('Organisation', organisation))) return organisation;
  const hidden: MembershipFacts = { agreementExpiresAt: null, facilityClearanceExpiresAt: null, escalationDelaySeconds: null };
  return Object.assign(Object.create(Object.getPrototypeOf(organisation) as object) as T, organisation, hidden);
}
