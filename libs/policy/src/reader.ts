import { ClearanceLevel, MembershipTier, OrganisationKind, Role, Sector } from '@app/platform/vocabulary';

/** The facts about an organisation that the policy reads (ACCESS-POLICY.md "Inputs"). */
export interface ReaderOrganisation {
  id: string;
  kind: OrganisationKind;
  tier: MembershipTier;
  sectors: readonly Sector[];
  prefecture: string | null;
  municipality: string | null;
  foreign: boolean;
  active: boolean;
  agreementExpiresAt: Date | null;
  facilityClearanceExpiresAt: Date | null;
  /** When one of the fields above last changed (kept by the database); absent where unknown. */
  accessChangedAt?: Date;
}

/** The person asking, in their current state (loaded on every request). */
export interface Reader {
  id: string;
  active: boolean;
  roles: readonly Role[];
  individualTier: MembershipTier | null;
  pledgeExpiresAt: Date | null;
  clearanceLevel: ClearanceLevel;
  clearanceExpiresAt: Date | null;
  clearanceSuspended: boolean;
  organisation: ReaderOrganisation | null;
  /** When one of the fields above last changed (kept by the database); absent where unknown. */
  accessChangedAt?: Date;
}

/**
 * The latest instant at which what the reader may read can have changed without any advisory
 * changing: a change to the person or their organisation (as the database recorded it), or the
 * passing, by `now`, of one of their expiries. A lapse only narrows access, but it can turn an
 * advisory's FULL view into its TEAR_LINE view, which is another object for a machine feed. Null
 * when no change is known (a reader built without accessChangedAt, and nothing expired).
 */
export function accessChangedAt(reader: Reader, now: Date): Date | null {
  const org = reader.organisation;
  const expired = [reader.pledgeExpiresAt, reader.clearanceExpiresAt, org?.agreementExpiresAt, org?.facilityClearanceExpiresAt].filter(
    (instant) => instant != null && instant.getTime() <= now.getTime(),
  );
  // A recorded change counts even if it looks later than `now`: the database's clock stamped it.
  const instants = [reader.accessChangedAt, org?.accessChangedAt, ...expired].filter((instant): instant is Date => instant != null);
  return instants.length ? new Date(Math.max(...instants.map((instant) => instant.getTime()))) : null;
}

/** ACCESS-POLICY.md "Derived facts about the reader", evaluated at one instant. */
export interface ReaderFacts {
  /** p is active, and so is p's organisation if any (rule A item 1). */
  activeWithOrganisation: boolean;
  memberTier: MembershipTier;
  isMember: boolean;
  cleared: boolean;
  pledgeValid: boolean;
  isSecretariat: boolean;
  isAuditor: boolean;
  isOrgAdmin: boolean;
}

/** valid(x): x is not null and x > now. */
export function valid(instant: Date | null | undefined, now: Date): boolean {
  return instant != null && instant.getTime() > now.getTime();
}

export function memberTierOf(reader: Reader, now: Date): MembershipTier {
  const org = reader.organisation;
  if (org) return org.active && valid(org.agreementExpiresAt, now) ? org.tier : MembershipTier.NONE;
  return reader.individualTier ?? MembershipTier.NONE;
}

export function deriveFacts(reader: Reader, now: Date): ReaderFacts {
  const org = reader.organisation;
  const memberTier = memberTierOf(reader, now);
  const pledgeValid = valid(reader.pledgeExpiresAt, now);
  const cleared =
    reader.clearanceLevel === ClearanceLevel.IESI &&
    valid(reader.clearanceExpiresAt, now) &&
    !reader.clearanceSuspended &&
    (org === null || valid(org.facilityClearanceExpiresAt, now));
  return {
    activeWithOrganisation: reader.active && (org === null || org.active),
    memberTier,
    isMember: memberTier !== MembershipTier.NONE && pledgeValid,
    cleared,
    pledgeValid,
    isSecretariat: reader.active && reader.roles.includes(Role.SECRETARIAT),
    isAuditor: reader.roles.includes(Role.AUDITOR),
    isOrgAdmin: reader.roles.includes(Role.ORG_ADMIN) && org !== null,
  };
}
