import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { defineAdvisoryAbility } from '../../libs/policy/src/advisories/advisory-ability';
import { defineMembershipAbility } from '../../libs/policy/src/membership/membership-ability';
import type { Reader } from '../../libs/policy/src/reader';
import { readerStateKey } from '../../libs/policy/src/reader-state';
import { ClearanceLevel, MembershipTier, OrganisationKind, Role, Sector } from '../../libs/platform/src/vocabulary';

const BASE = Date.UTC(2026, 10, 25);
const HOUR = 3_600_000;
/** An instant within a few hours of BASE, so that expiries fall between the two instants compared. */
const instant = fc.integer({ min: -6, max: 6 }).map((hours) => new Date(BASE + hours * HOUR));
const expiry = fc.option(instant, { nil: null });

const organisation = fc.record({
  id: fc.constantFrom('00000000-0000-4000-8000-000000000001', '00000000-0000-4000-8000-000000000002'),
  kind: fc.constantFrom(...Object.values(OrganisationKind)),
  tier: fc.constantFrom(...Object.values(MembershipTier)),
  sectors: fc.subarray(Object.values(Sector), { maxLength: 2 }),
  prefecture: fc.constantFrom(null, '13', '27'),
  municipality: fc.constantFrom(null, '13101'),
  foreign: fc.boolean(),
  active: fc.boolean(),
  agreementExpiresAt: expiry,
  facilityClearanceExpiresAt: expiry,
});

const reader: fc.Arbitrary<Reader> = fc.record({
  id: fc.constantFrom('00000000-0000-4000-8000-00000000000a', '00000000-0000-4000-8000-00000000000b'),
  active: fc.boolean(),
  roles: fc.subarray(Object.values(Role), { maxLength: 2 }),
  individualTier: fc.constantFrom(null, ...Object.values(MembershipTier)),
  pledgeExpiresAt: expiry,
  clearanceLevel: fc.constantFrom(...Object.values(ClearanceLevel)),
  clearanceExpiresAt: expiry,
  clearanceSuspended: fc.boolean(),
  organisation: fc.option(organisation, { nil: null }),
});

const rulesOf = (r: Reader, now: Date) => JSON.stringify([defineAdvisoryAbility(r, now).rules, defineMembershipAbility(r, now).rules]);

describe('readerStateKey', () => {
  it('is equal at two instants only when every rule of the policy is the same at both', () => {
    fc.assert(
      fc.property(reader, instant, instant, (r, a, b) => {
        if (readerStateKey(r, a) === readerStateKey(r, b)) expect(rulesOf(r, b)).toBe(rulesOf(r, a));
      }),
      { numRuns: 2_000 },
    );
  });

  it('differs for two readers whose rules differ at the same instant', () => {
    fc.assert(
      fc.property(reader, reader, instant, (r1, r2, now) => {
        if (rulesOf(r1, now) !== rulesOf(r2, now)) expect(readerStateKey(r1, now)).not.toBe(readerStateKey(r2, now));
      }),
      { numRuns: 2_000 },
    );
  });
});
