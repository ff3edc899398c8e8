import { deriveFacts, type Reader } from '../reader';
import { asSubject, defineMembershipAbility, type ClearanceGrantRequestSubject } from './membership-ability';

/** ACCESS-POLICY.md "Clearances and accounts", as the console and refusals state it. */
export const CLEARANCE_APPROVER_RULE =
  'A clearance grant needs two secretariat people: one requests it, and another who is IESI-cleared, did not request it, did not invite the person and is not the person approves it';

/**
 * Why `reader` may not approve this clearance grant request, or null when they may. The decision
 * is the membership ability's (approveClearanceGrant); this only puts its reason into words, the
 * first that applies, so a refusal can say what is missing.
 */
export function clearanceApprovalRefusal(reader: Reader, request: ClearanceGrantRequestSubject, now: Date): string | null {
  const ability = defineMembershipAbility(reader, now);
  if (ability.can('approveClearanceGrant', asSubject('ClearanceGrantRequest', { ...request }))) return null;
  const facts = deriveFacts(reader, now);
  if (!facts.isSecretariat || facts.isAuditor) return 'Only the secretariat approves clearance grants';
  if (request.personId === reader.id) return 'Nobody approves a clearance grant for themselves';
  if (request.requestedById === reader.id) {
    return 'You requested this clearance grant: another secretariat person must approve it';
  }
  if (request.inviterIds.includes(reader.id)) {
    return 'You invited this person, so another secretariat person must approve their clearance';
  }
  if (!facts.cleared) {
    return 'Only an IESI-cleared secretariat person may approve a clearance grant (your own clearance is missing, expired or suspended)';
  }
  return CLEARANCE_APPROVER_RULE;
}
