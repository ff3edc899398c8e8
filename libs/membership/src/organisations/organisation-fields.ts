import type { MembershipTier, OrganisationKind, Sector } from '@app/platform/vocabulary';
import type { OrganisationEntity } from './organisation.entity';

/** What the secretariat sets when it creates an organisation. */
export interface NewOrganisation {
  name: string;
  kind: OrganisationKind;
  tier: MembershipTier;
  sectors: Sector[];
  prefecture?: string | null;
  municipality?: string | null;
  foreign: boolean;
  agreementExpiresAt?: Date | null;
  facilityClearanceExpiresAt?: Date | null;
}

/** A change: an absent field stays as it is; null clears the fields that may be empty. */
export interface OrganisationChanges {
  name?: string;
  tier?: MembershipTier;
  sectors?: Sector[];
  prefecture?: string | null;
  municipality?: string | null;
  foreign?: boolean;
  active?: boolean;
  agreementExpiresAt?: Date | null;
  facilityClearanceExpiresAt?: Date | null;
  /** How long an unacknowledged CRITICAL alert waits before it escalates (ALERTS.md "Urgency"). */
  escalationDelaySeconds?: number;
}

export const ORGANISATION_AUDITED_FIELDS = [
  'name',
  'kind',
  'tier',
  'sectors',
  'prefecture',
  'municipality',
  'foreign',
  'active',
  'agreementExpiresAt',
  'facilityClearanceExpiresAt',
  'escalationDelaySeconds',
] as const satisfies readonly (keyof OrganisationEntity)[];

/** The organisation as the audit log records it. */
export function organisationSnapshot(organisation: OrganisationEntity): Record<string, unknown> {
  return Object.fromEntries(ORGANISATION_AUDITED_FIELDS.map((field) => [field, organisation[field]]));
}
