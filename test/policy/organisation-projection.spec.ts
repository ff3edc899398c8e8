import { describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/platform/src/vocabulary';
import { defineMembershipAbility } from '../../libs/policy/src/membership/membership-ability';
import { projectOrganisation } from '../../libs/policy/src/membership/organisation-projection';
import { testOrganisation, testReader } from '../support/test-readers';

const NOW = new Date('2026-11-25T00:00:00Z');
const LATER = new Date('2027-11-25T00:00:00Z');
const ORIGINATOR = '00000000-0000-4000-8000-0000000000a1';
const OTHER = '00000000-0000-4000-8000-0000000000a2';

class Shown {
  constructor(
    readonly id: string,
    readonly name: string,
    readonly agreementExpiresAt: Date | null,
    readonly facilityClearanceExpiresAt: Date | null,
    readonly escalationDelaySeconds: number | null,
  ) {}
}

describe('projectOrganisation (an advisory originator beside the advisory)', () => {
  const originator = new Shown(ORIGINATOR, 'Tokyo Power', LATER, LATER, 900);
  const seenBy = (reader: Parameters<typeof defineMembershipAbility>[0]) =>
    projectOrganisation(defineMembershipAbility(reader, NOW), originator);

  it("hides the membership facts from another organisation's people, keeping the rest and the class", () => {
    const shown = seenBy(
      testReader({ id: 'p1', pledgeExpiresAt: LATER, organisation: testOrganisation({ id: OTHER, agreementExpiresAt: LATER }) }),
    );
    expect(shown).toBeInstanceOf(Shown);
    expect({ ...shown }).toEqual({
      id: ORIGINATOR,
      name: 'Tokyo Power',
      agreementExpiresAt: null,
      facilityClearanceExpiresAt: null,
      escalationDelaySeconds: null,
    });
  });

  it('shows them to the organisation itself and to the secretariat', () => {
    const ownPerson = testReader({
      id: 'p2',
      pledgeExpiresAt: LATER,
      organisation: testOrganisation({ id: ORIGINATOR, agreementExpiresAt: LATER }),
    });
    const secretariat = testReader({ id: 'p3', roles: [Role.SECRETARIAT], pledgeExpiresAt: LATER });
    expect(seenBy(ownPerson)).toBe(originator);
    expect(seenBy(secretariat)).toBe(originator);
  });
});
