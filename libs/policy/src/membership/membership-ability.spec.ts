import { describe, expect, it } from '@jest/globals';
import { MembershipTier, OrganisationKind, Role } from '@app/platform/vocabulary';
import type { Reader, ReaderOrganisation } from '../reader';
import { asSubject, defineMembershipAbility, type MembershipAction } from './membership-ability';

const NOW = new Date('2027-04-01T00:00:00Z');
const LATER = new Date('2028-04-01T00:00:00Z');

const org = (id: string, fields: Partial<ReaderOrganisation> = {}): ReaderOrganisation => ({
  id,
  kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
  tier: MembershipTier.CLASS_1,
  sectors: [],
  prefecture: '13',
  municipality: null,
  foreign: false,
  active: true,
  agreementExpiresAt: LATER,
  facilityClearanceExpiresAt: null,
  ...fields,
});

const reader = (id: string, roles: Role[], organisation: ReaderOrganisation | null = null, active = true): Reader => ({
  id,
  active,
  roles,
  individualTier: null,
  pledgeExpiresAt: LATER,
  clearanceLevel: 'NONE' as Reader['clearanceLevel'],
  clearanceExpiresAt: null,
  clearanceSuspended: false,
  organisation,
});

const person = (id: string, organisationId: string | null, roles: Role[] = []) => asSubject('Person', { id, organisationId, roles });

const can = (r: Reader, action: MembershipAction, subject: Parameters<ReturnType<typeof defineMembershipAbility>['can']>[1]) =>
  defineMembershipAbility(r, NOW).can(action, subject);

describe('the membership ability', () => {
  const own = org('org-own');
  const secretariat = reader('sec', [Role.SECRETARIAT]);
  const orgAdmin = reader('admin', [Role.ORG_ADMIN], own);
  const member = reader('member', [Role.ANALYST], own);
  const auditor = reader('aud', [Role.AUDITOR]);

  it('lets the secretariat manage anyone, but never their own activation, roles or clearance (request or suspension)', () => {
    for (const action of ['invite', 'setActive', 'setRoles', 'grantClearance', 'suspendClearance'] as const) {
      expect(can(secretariat, action, person('p', 'org-other', [Role.SECRETARIAT]))).toBe(true);
    }
    for (const action of ['setActive', 'setRoles', 'grantClearance', 'suspendClearance'] as const) {
      expect(can(secretariat, action, person('sec', null, [Role.SECRETARIAT]))).toBe(false);
    }
    expect(can(secretariat, 'create', 'Organisation')).toBe(true);
    expect(can(secretariat, 'read', 'AuditLog')).toBe(false);
  });

  it("lets an ORG_ADMIN manage their own organisation's people, never SECRETARIAT or AUDITOR", () => {
    expect(can(orgAdmin, 'invite', person('new', 'org-own', [Role.CISO, Role.ORG_ADMIN]))).toBe(true);
    expect(can(orgAdmin, 'invite', person('new', 'org-other', [Role.CISO]))).toBe(false);
    expect(can(orgAdmin, 'invite', person('new', null, []))).toBe(false);
    expect(can(orgAdmin, 'invite', person('new', 'org-own', [Role.AUDITOR]))).toBe(false);
    expect(can(orgAdmin, 'setActive', person('m', 'org-own', [Role.SECRETARIAT]))).toBe(false);
    expect(can(orgAdmin, 'setActive', person('admin', 'org-own', [Role.ORG_ADMIN]))).toBe(false);
    for (const action of ['grantClearance', 'suspendClearance', 'create', 'update'] as const) {
      expect(can(orgAdmin, action, action.endsWith('Clearance') ? person('m', 'org-own') : 'Organisation')).toBe(false);
    }
  });

  it('lets an ORG_ADMIN re-activate only people whom the secretariat did not deactivate', () => {
    const deactivated = (bySecretariat: boolean) =>
      asSubject('Person', { id: 'm', organisationId: 'org-own', roles: [], deactivatedBySecretariat: bySecretariat });
    expect(can(orgAdmin, 'setActive', deactivated(false))).toBe(true);
    expect(can(orgAdmin, 'setActive', deactivated(true))).toBe(false);
    expect(can(secretariat, 'setActive', deactivated(true))).toBe(true);
  });

  it('switches an ORG_ADMIN off while their organisation is deactivated', () => {
    const closedAdmin = reader('admin', [Role.ORG_ADMIN], org('org-own', { active: false }));
    expect(can(closedAdmin, 'invite', person('new', 'org-own', []))).toBe(false);
    expect(can(closedAdmin, 'read', asSubject('Organisation', { id: 'org-own' }))).toBe(true);
  });

  it('gives a plain member only themselves and their organisation', () => {
    expect(can(member, 'read', person('member', 'org-own'))).toBe(true);
    expect(can(member, 'read', person('admin', 'org-own'))).toBe(false);
    expect(can(member, 'signPledge', person('member', 'org-own'))).toBe(true);
    expect(can(member, 'signPledge', person('admin', 'org-own'))).toBe(false);
    expect(can(member, 'read', asSubject('Organisation', { id: 'org-own' }))).toBe(true);
    expect(can(member, 'read', asSubject('Organisation', { id: 'org-other' }))).toBe(false);
  });

  it('lets auditors read everything membership holds and the logs, and act on nothing, whatever else they hold', () => {
    const both = reader('both', [Role.AUDITOR, Role.SECRETARIAT]);
    for (const r of [auditor, both]) {
      expect(can(r, 'read', 'AuditLog')).toBe(true);
      expect(can(r, 'read', 'AccessLog')).toBe(true);
      expect(can(r, 'read', person('p', 'org-other'))).toBe(true);
      for (const action of ['invite', 'setActive', 'setRoles', 'grantClearance', 'suspendClearance', 'create', 'update'] as const) {
        expect(can(r, action, ['create', 'update'].includes(action) ? 'Organisation' : person('p', 'org-other'))).toBe(false);
      }
    }
  });

  it('gives a deactivated person nothing at all', () => {
    const former = reader('sec', [Role.SECRETARIAT], null, false);
    expect(defineMembershipAbility(former, NOW).rules).toEqual([]);
  });
});
