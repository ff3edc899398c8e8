import { subject, type ForcedSubject } from '@casl/ability';
import { Role } from '@app/platform/vocabulary';
import { buildAbility, type CouncilAbility, type RawCouncilRule } from '../ability';
import { deriveFacts, type Reader } from '../reader';

export type MembershipAction =
  | 'read'
  | 'create'
  | 'update'
  | 'invite'
  | 'setActive'
  | 'setRoles'
  | 'signPledge'
  | 'grantClearance'
  | 'suspendClearance'
  | 'approveClearanceGrant'
  | 'rejectClearanceGrant';
export type MembershipSubject = 'Organisation' | 'Person' | 'ClearanceGrantRequest' | 'AuditLog' | 'AccessLog' | 'AccessReport';
export type MembershipAbility = CouncilAbility<MembershipAction, MembershipSubject>;

/** Roles that only the secretariat hands out. */
export const SECRETARIAT_ONLY_ROLES: readonly Role[] = [Role.SECRETARIAT, Role.AUDITOR];

/**
 * The fields of a Person that membership rules look at. A person subject is checked as it is and,
 * for changes of roles or organisation, as it would become, so that no rule can be sidestepped
 * by the change itself.
 */
export interface PersonSubject {
  id: string | null;
  organisationId: string | null;
  roles: readonly Role[];
  /** Whoever deactivated the person acted as the secretariat (false while active; absent for an invitee). */
  deactivatedBySecretariat?: boolean;
}

/** The fields of a pending clearance grant request that the rules of who decides it look at. */
export interface ClearanceGrantRequestSubject {
  /** The grantee. */
  personId: string;
  requestedById: string;
  /** Everyone who issued an invitation for the grantee (they could have held the account). */
  inviterIds: readonly string[];
}

/**
 * Who may manage the council's membership: organisations, people, clearances, and who may read
 * the logs. Membership is confidential: outside the secretariat and auditors, a person sees only
 * their own organisation and, as ORG_ADMIN, its people.
 *
 * Decisions where ACCESS-POLICY.md is silent:
 * - An auditor oversees and does not act ("reads the logs, and nothing else"): holding AUDITOR
 *   switches off every administrative power the person's other roles would give.
 * - Nobody changes their own activation or roles, or grants themselves a clearance: an
 *   administrator cannot lock the council out by accident, nor unlock IESI content for themselves.
 * - An ORG_ADMIN acts only while they and their organisation are active.
 *
 * ACCESS-POLICY.md "Clearances and accounts":
 * - An ORG_ADMIN cannot re-activate a person whom the secretariat deactivated.
 * - A clearance is granted by two secretariat people: `grantClearance` on a Person is the request
 *   (any secretariat person, for anyone but themselves); `approveClearanceGrant` needs a
 *   secretariat person who is `cleared`, is neither the grantee nor the requester, and did not
 *   invite the grantee. Any secretariat person but the requester and the grantee may reject a
 *   request. Nobody suspends their own clearance (one secretariat person suffices for anyone else).
 */
export function defineMembershipAbility(reader: Reader, now: Date): MembershipAbility {
  const facts = deriveFacts(reader, now);
  const org = reader.organisation;
  const rules: RawCouncilRule<MembershipAction, MembershipSubject>[] = [];
  if (!reader.active) return buildAbility(rules);

  const self = { id: reader.id };
  const notSelf = { id: { $ne: reader.id } };
  rules.push({ action: 'read', subject: 'Person', conditions: self });
  rules.push({ action: 'signPledge', subject: 'Person', conditions: self });
  if (org) rules.push({ action: 'read', subject: 'Organisation', conditions: { id: org.id } });

  if (facts.isAuditor) {
    rules.push(
      { action: 'read', subject: 'Organisation' },
      { action: 'read', subject: 'Person' },
      { action: 'read', subject: 'ClearanceGrantRequest' },
      { action: 'read', subject: 'AuditLog' },
      { action: 'read', subject: 'AccessLog' },
    );
    return buildAbility(rules);
  }

  if (facts.isSecretariat) {
    rules.push(
      { action: 'read', subject: 'Organisation' },
      { action: 'create', subject: 'Organisation' },
      { action: 'update', subject: 'Organisation' },
      { action: 'read', subject: 'Person' },
      { action: 'invite', subject: 'Person' },
      { action: 'setActive', subject: 'Person', conditions: notSelf },
      { action: 'setRoles', subject: 'Person', conditions: notSelf },
      { action: 'grantClearance', subject: 'Person', conditions: notSelf },
      { action: 'suspendClearance', subject: 'Person', conditions: notSelf },
      { action: 'read', subject: 'ClearanceGrantRequest' },
      {
        action: 'rejectClearanceGrant',
        subject: 'ClearanceGrantRequest',
        conditions: { personId: { $ne: reader.id }, requestedById: { $ne: reader.id } },
      },
      { action: 'read', subject: 'AccessReport' },
    );
    if (facts.cleared) {
      rules.push({
        action: 'approveClearanceGrant',
        subject: 'ClearanceGrantRequest',
        conditions: { personId: { $ne: reader.id }, requestedById: { $ne: reader.id }, inviterIds: { $nin: [reader.id] } },
      });
    }
  }
  if (facts.isOrgAdmin && org && facts.activeWithOrganisation) {
    const ownOrganisationPeople = {
      organisationId: org.id,
      roles: { $nin: [...SECRETARIAT_ONLY_ROLES] },
    };
    rules.push(
      { action: 'read', subject: 'Person', conditions: { organisationId: org.id } },
      { action: 'invite', subject: 'Person', conditions: ownOrganisationPeople },
      {
        action: 'setActive',
        subject: 'Person',
        conditions: { ...ownOrganisationPeople, ...notSelf, deactivatedBySecretariat: { $ne: true } },
      },
      { action: 'setRoles', subject: 'Person', conditions: { ...ownOrganisationPeople, ...notSelf } },
    );
  }
  return buildAbility(rules);
}

/** Tags a plain object with its CASL subject type for an in-memory check. */
export function asSubject<S extends string, T extends object>(type: S, object: T): T & ForcedSubject<S> {
  return subject(type, { ...object });
}
