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
  | 'grantClearance'
  | 'suspendClearance';
export type MembershipSubject = 'Organisation' | 'Person' | 'AuditLog' | 'AccessLog' | 'AccessReport';
export type MembershipAbility = CouncilAbility<MembershipAction, MembershipSubject>;

/** Roles that only the secretariat hands out. */
export const SECRETARIAT_ONLY_ROLES: readonly Role[] = [Role.SECRETARIAT, Role.AUDITOR];

/**
 * Who may manage the council's membership: organisations, people, clearances, and who may read
 * the logs. Membership is confidential: outside the secretariat and auditors, a person sees only
 * their own organisation.
 */
export function defineMembershipAbility(reader: Reader, now: Date): MembershipAbility {
  const facts = deriveFacts(reader, now);
  const org = reader.organisation;
  const rules: RawCouncilRule<MembershipAction, MembershipSubject>[] = [];
  if (!reader.active) return buildAbility(rules);

  rules.push({ action: 'read', subject: 'Person', conditions: { id: reader.id } });
  if (org) rules.push({ action: 'read', subject: 'Organisation', conditions: { id: org.id } });

  if (facts.isSecretariat) {
    rules.push(
      { action: 'read', subject: 'Organisation' },
      { action: 'create', subject: 'Organisation' },
      { action: 'update', subject: 'Organisation' },
      { action: 'read', subject: 'Person' },
      { action: 'invite', subject: 'Person' },
      { action: 'setActive', subject: 'Person' },
      { action: 'grantClearance', subject: 'Person' },
      { action: 'suspendClearance', subject: 'Person' },
      { action: 'read', subject: 'AccessReport' },
    );
  }
  if (facts.isAuditor) {
    rules.push(
      { action: 'read', subject: 'Organisation' },
      { action: 'read', subject: 'Person' },
      { action: 'read', subject: 'AuditLog' },
      { action: 'read', subject: 'AccessLog' },
    );
  }
  if (facts.isOrgAdmin && org) {
    const ownOrganisationPeople = {
      organisationId: org.id,
      roles: { $nin: [...SECRETARIAT_ONLY_ROLES] },
    };
    rules.push(
      { action: 'read', subject: 'Person', conditions: { organisationId: org.id } },
      { action: 'invite', subject: 'Person', conditions: ownOrganisationPeople },
      { action: 'setActive', subject: 'Person', conditions: ownOrganisationPeople },
    );
  }
  return buildAbility(rules);
}

/** Tags a plain object with its CASL subject type for an in-memory check. */
export function asSubject<S extends string, T extends object>(type: S, object: T): T & ForcedSubject<S> {
  return subject(type, { ...object });
}
