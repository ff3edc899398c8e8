import { ClearanceLevel, MembershipTier, OrganisationKind } from '../../libs/platform/src/vocabulary';
import type { Reader, ReaderOrganisation } from '../../libs/policy/src/reader';

/**
 * A reader's organisation for policy tests that vary only some of its facts: an active tier-2
 * critical-infrastructure operator in Tokyo, no sectors, no agreement or facility-clearance expiry.
 */
export function testOrganisation(fields: Pick<ReaderOrganisation, 'id'> & Partial<ReaderOrganisation>): ReaderOrganisation {
  return {
    active: true,
    agreementExpiresAt: null,
    kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
    tier: MembershipTier.CLASS_2,
    sectors: [],
    prefecture: '13',
    municipality: null,
    foreign: false,
    facilityClearanceExpiresAt: null,
    ...fields,
  };
}

/** A reader for policy tests: active, no roles, no individual tier, pledge or clearance, no organisation. */
export function testReader(fields: Pick<Reader, 'id'> & Partial<Reader>): Reader {
  return {
    active: true,
    roles: [],
    individualTier: null,
    pledgeExpiresAt: null,
    clearanceLevel: ClearanceLevel.NONE,
    clearanceExpiresAt: null,
    clearanceSuspended: false,
    organisation: null,
    ...fields,
  };
}
