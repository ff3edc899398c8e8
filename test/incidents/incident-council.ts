import type { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import type { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { MembershipTier, OrganisationKind, Role, type Sector } from '../../libs/platform/src/vocabulary';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import type { TestApp } from '../support/test-app';

/**
 * The people every incident test asks as. The reporting organisation is a bank; the secretariat
 * sits in the national cybersecurity office, itself a member (the advisory lifecycle lets only
 * members author, and derived advisories are authored by the secretariat).
 */
export interface IncidentCouncil {
  bank: OrganisationEntity;
  rail: OrganisationEntity;
  office: OrganisationEntity;
  reporter: PersonEntity;
  colleague: PersonEntity;
  ciso: PersonEntity;
  orgAdmin: PersonEntity;
  lapsed: PersonEntity;
  railCiso: PersonEntity;
  auditor: PersonEntity;
  auditingCiso: PersonEntity;
  secretariat: PersonEntity;
  moderator: PersonEntity;
  unpledgedSecretariat: PersonEntity;
  token: (person: PersonEntity) => string;
}

export async function incidentCouncil(api: TestApp): Promise<IncidentCouncil> {
  const ds = api.dataSource;
  const bank = await insertOrganisation(ds, { name: 'Sakura Trust Bank', sectors: ['FINANCE'] as Sector[] });
  const rail = await insertOrganisation(ds, { name: 'Kanto Rail', sectors: ['RAILWAY'] as Sector[] });
  const office = await insertOrganisation(ds, {
    name: 'National Cybersecurity Office',
    kind: OrganisationKind.GOVERNMENT_AGENCY,
    tier: MembershipTier.CLASS_1,
    sectors: ['GOVERNMENT_SERVICES'] as Sector[],
  });
  const person = (organisationId: string | null, roles: Role[], displayName: string, fields: Partial<PersonEntity> = {}) =>
    insertPerson(ds, { organisationId, roles, displayName, ...fields });
  return {
    bank,
    rail,
    office,
    reporter: await person(bank.id, [Role.ANALYST], 'Hanako Reporter'),
    colleague: await person(bank.id, [Role.ANALYST], 'Jiro Colleague'),
    ciso: await person(bank.id, [Role.CISO], 'Kenji Ciso'),
    orgAdmin: await person(bank.id, [Role.ORG_ADMIN], 'Aiko Admin'),
    lapsed: await person(bank.id, [Role.CISO], 'Lapsed Pledge', { pledgeExpiresAt: inDays(-1) }),
    railCiso: await person(rail.id, [Role.CISO, Role.ORG_ADMIN], 'Rail Ciso'),
    auditor: await person(null, [Role.AUDITOR], 'Oversight Auditor'),
    auditingCiso: await person(bank.id, [Role.CISO, Role.AUDITOR], 'Auditing Ciso'),
    secretariat: await person(office.id, [Role.SECRETARIAT], 'Secretariat Sato'),
    moderator: await person(office.id, [Role.SECRETARIAT], 'Secretariat Mori'),
    unpledgedSecretariat: await person(office.id, [Role.SECRETARIAT], 'Unpledged Secretariat', { pledgeExpiresAt: null }),
    token: (p) => api.tokenFor(p.id),
  };
}

export const REPORT_FIELDS = `id incidentId stage sequence organisationId authorId detectedAt whatWasSeen affectedService contact
  incidentType sectorsAffected personalDataInvolved severity occurredAt impact actionsTaken indicators details
  permittedPurposes consentToPolice permittedAuthorityIds submittedAt`;

export const SUBMIT_FIRST = `mutation($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { ${REPORT_FIELDS} incident { id status latestStage latestSequence closedAt } } }`;
export const SUBMIT_FOLLOW_UP = `mutation($incidentId: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $incidentId, input: $input) { ${REPORT_FIELDS} incident { id status latestStage latestSequence closedAt } } }`;

/** The one-minute FIRST report: the four required fields only. */
export function quickReport(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    whatWasSeen: 'Ransom note on the file servers of the Osaka branch',
    detectedAt: new Date(Date.now() - 30 * 60_000).toISOString(),
    affectedService: 'Internet banking',
    contact: '+81-3-0000-0000 (SOC desk)',
    ...extra,
  };
}

export async function submitFirst(api: TestApp, token: string, extra: Record<string, unknown> = {}): Promise<any> {
  const data = await api.gqlOk(SUBMIT_FIRST, { input: quickReport(extra) }, token);
  return data.submitIncidentReport;
}
