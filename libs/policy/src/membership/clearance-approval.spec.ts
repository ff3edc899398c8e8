import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { ClearanceLevel, MembershipTier, OrganisationKind, Role } from '@app/platform/vocabulary';
import type { Reader } from '../reader';
import { clearanceApprovalRefusal } from './clearance-approval';
import { asSubject, defineMembershipAbility, type ClearanceGrantRequestSubject } from './membership-ability';

const NOW = new Date('2027-04-01T00:00:00Z');
const HOUR = 3_600_000;
const PEOPLE = ['p-a', 'p-b', 'p-c', 'p-d'] as const;
const expiry = fc.option(
  fc.integer({ min: -3, max: 3 }).map((hours) => new Date(NOW.getTime() + hours * HOUR)),
  { nil: null },
);

const reader: fc.Arbitrary<Reader> = fc.record({
  id: fc.constantFrom(...PEOPLE),
  active: fc.boolean(),
  roles: fc.subarray([Role.SECRETARIAT, Role.AUDITOR, Role.ORG_ADMIN, Role.ANALYST], { maxLength: 3 }),
  individualTier: fc.constant(null),
  pledgeExpiresAt: expiry,
  clearanceLevel: fc.constantFrom(...Object.values(ClearanceLevel)),
  clearanceExpiresAt: expiry,
  clearanceSuspended: fc.boolean(),
  organisation: fc.option(
    fc.record({
      id: fc.constant('org'),
      kind: fc.constant(OrganisationKind.CRITICAL_INFRASTRUCTURE),
      tier: fc.constant(MembershipTier.CLASS_1),
      sectors: fc.constant([]),
      prefecture: fc.constant('13'),
      municipality: fc.constant(null),
      foreign: fc.constant(false),
      active: fc.boolean(),
      agreementExpiresAt: expiry,
      facilityClearanceExpiresAt: expiry,
    }),
    { nil: null },
  ),
});

const request: fc.Arbitrary<ClearanceGrantRequestSubject> = fc.record({
  personId: fc.constantFrom(...PEOPLE),
  requestedById: fc.constantFrom(...PEOPLE),
  inviterIds: fc.subarray([...PEOPLE], { maxLength: 2 }),
});

/** ACCESS-POLICY.md "Clearances and accounts" and "Derived facts", written again from the text. */
function specSaysMayApprove(p: Reader, r: ClearanceGrantRequestSubject): boolean {
  const valid = (x: Date | null) => x !== null && x.getTime() > NOW.getTime();
  const secretariat = p.active && p.roles.includes(Role.SECRETARIAT);
  const auditor = p.roles.includes(Role.AUDITOR);
  const cleared =
    p.clearanceLevel === ClearanceLevel.IESI &&
    valid(p.clearanceExpiresAt) &&
    !p.clearanceSuspended &&
    (p.organisation === null || valid(p.organisation.facilityClearanceExpiresAt));
  return secretariat && !auditor && cleared && p.id !== r.personId && p.id !== r.requestedById && !r.inviterIds.includes(p.id);
}

const mayApprove = (p: Reader, r: ClearanceGrantRequestSubject) =>
  defineMembershipAbility(p, NOW).can('approveClearanceGrant', asSubject('ClearanceGrantRequest', { ...r }));

describe('who may approve a clearance grant', () => {
  it('is exactly a cleared secretariat person who is neither the grantee, nor the requester, nor an inviter', () => {
    fc.assert(
      fc.property(reader, request, (p, r) => {
        expect(mayApprove(p, r)).toBe(specSaysMayApprove(p, r));
        // The words of a refusal agree with the decision.
        expect(clearanceApprovalRefusal(p, r, NOW) === null).toBe(specSaysMayApprove(p, r));
      }),
      { numRuns: 5000 },
    );
  });

  const cleared = (id: string, fields: Partial<Reader> = {}): Reader => ({
    id,
    active: true,
    roles: [Role.SECRETARIAT],
    individualTier: null,
    pledgeExpiresAt: null,
    clearanceLevel: ClearanceLevel.IESI,
    clearanceExpiresAt: new Date(NOW.getTime() + 1000 * HOUR),
    clearanceSuspended: false,
    organisation: null,
    ...fields,
  });
  const grant = { personId: 'grantee', requestedById: 'requester', inviterIds: ['inviter'] };

  it('says why not, in order: not secretariat, the grantee, the requester, an inviter, not cleared', () => {
    expect(clearanceApprovalRefusal(cleared('approver'), grant, NOW)).toBeNull();
    expect(clearanceApprovalRefusal(cleared('approver', { roles: [Role.ORG_ADMIN] }), grant, NOW)).toMatch(/Only the secretariat approves/);
    expect(clearanceApprovalRefusal(cleared('approver', { roles: [Role.SECRETARIAT, Role.AUDITOR] }), grant, NOW)).toMatch(
      /Only the secretariat approves/,
    );
    expect(clearanceApprovalRefusal(cleared('grantee'), grant, NOW)).toMatch(/Nobody approves a clearance grant for themselves/);
    expect(clearanceApprovalRefusal(cleared('requester'), grant, NOW)).toMatch(/You requested this clearance grant/);
    expect(clearanceApprovalRefusal(cleared('inviter'), grant, NOW)).toMatch(/You invited this person/);
    expect(clearanceApprovalRefusal(cleared('approver', { clearanceSuspended: true }), grant, NOW)).toMatch(
      /Only an IESI-cleared secretariat person/,
    );
    expect(clearanceApprovalRefusal(cleared('approver', { clearanceLevel: ClearanceLevel.NONE }), grant, NOW)).toMatch(/IESI-cleared/);
  });

  it('lets any other secretariat person reject, cleared or not, but never the requester or the grantee', () => {
    const can = (p: Reader) =>
      defineMembershipAbility(p, NOW).can('rejectClearanceGrant', asSubject('ClearanceGrantRequest', { ...grant }));
    expect(can(cleared('other', { clearanceLevel: ClearanceLevel.NONE }))).toBe(true);
    expect(can(cleared('inviter'))).toBe(true);
    expect(can(cleared('requester'))).toBe(false);
    expect(can(cleared('grantee'))).toBe(false);
    expect(can(cleared('other', { roles: [Role.SECRETARIAT, Role.AUDITOR] }))).toBe(false);
  });
});
