import { expect } from '@jest/globals';
import type { DataSource } from 'typeorm';
import { inDays, insertOrganisation, insertPerson } from './council-fixtures';
import { BOOTSTRAP_ADMIN, type GraphQLResponse, type TestApp } from './test-app';
import { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { ClearanceLevel, Role } from '../../libs/platform/src/vocabulary';

export const PERSON_FIELDS = `id email displayName individualTier roles active pledgeExpiresAt
  organisation { id name } clearance { level expiresAt suspended }`;
export const ORGANISATION_FIELDS = `id name kind tier sectors prefecture municipality foreign active
  agreementExpiresAt facilityClearanceExpiresAt`;

/** The people every membership test asks as: one per role that the rules tell apart. */
export interface Cast {
  secretariat: PersonEntity;
  secretariatToken: string;
  ownOrg: OrganisationEntity;
  otherOrg: OrganisationEntity;
  orgAdmin: PersonEntity;
  orgAdminToken: string;
  otherOrgAdmin: PersonEntity;
  otherOrgAdminToken: string;
  member: PersonEntity;
  memberToken: string;
  auditor: PersonEntity;
  auditorToken: string;
}

/** Signs in as the bootstrap secretariat person through the API itself. */
export async function signInAsBootstrapAdmin(api: TestApp): Promise<{ id: string; token: string }> {
  const data = await api.gqlOk<{ login: { accessToken: string; person: { id: string } } }>(
    `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken person { id } } }`,
    BOOTSTRAP_ADMIN,
  );
  return { id: data.login.person.id, token: data.login.accessToken };
}

export async function castOf(api: TestApp): Promise<Cast> {
  const ds = api.dataSource;
  const admin = await signInAsBootstrapAdmin(api);
  const secretariat = await ds.getRepository(PersonEntity).findOneOrFail({ where: { id: admin.id }, relations: { organisation: true } });
  const ownOrg = await insertOrganisation(ds, { name: 'Own Bank' });
  const otherOrg = await insertOrganisation(ds, { name: 'Other Rail' });
  const orgAdmin = await insertPerson(ds, { organisationId: ownOrg.id, roles: [Role.ORG_ADMIN] });
  const otherOrgAdmin = await insertPerson(ds, { organisationId: otherOrg.id, roles: [Role.ORG_ADMIN] });
  const member = await insertPerson(ds, { organisationId: ownOrg.id, roles: [Role.ANALYST] });
  const auditor = await insertPerson(ds, { roles: [Role.AUDITOR] });
  return {
    secretariat,
    secretariatToken: admin.token,
    ownOrg,
    otherOrg,
    orgAdmin,
    orgAdminToken: api.tokenFor(orgAdmin.id),
    otherOrgAdmin,
    otherOrgAdminToken: api.tokenFor(otherOrgAdmin.id),
    member,
    memberToken: api.tokenFor(member.id),
    auditor,
    auditorToken: api.tokenFor(auditor.id),
  };
}

/** Expects exactly one error with this code, whose message matches, and that tells nothing internal. */
export function expectRefusal(result: GraphQLResponse, code: string, message?: RegExp): string {
  expect(result.errors).toHaveLength(1);
  const [error] = result.errors!;
  expect(error.extensions?.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
  expectNothingInternal(result);
  return error.message;
}

/** No stack trace, SQL or driver detail in anything the client received. */
export function expectNothingInternal(result: GraphQLResponse): void {
  const text = JSON.stringify(result);
  expect(text).not.toMatch(/stacktrace|\bat \w+ \(|\.ts:\d+|QueryFailedError|SELECT |INSERT |UPDATE "|violates|constraint|duplicate key/i);
}

/** Every row of the tables a membership decision touches, to show that a refusal changed nothing. */
export async function snapshot(ds: DataSource): Promise<string> {
  const tables = ['organisations', 'persons', 'invitations', 'clearance_grant_requests', 'audit_log'];
  const parts = await Promise.all(
    tables.map((t) => ds.query(`SELECT to_jsonb(t) AS row FROM ${t} t ORDER BY to_jsonb(t)::text`).then((rows) => JSON.stringify(rows))),
  );
  return parts.join('\n');
}

/** Runs `act` and checks that the database is exactly as before. */
export async function expectUnchanged<T>(ds: DataSource, act: () => Promise<T>): Promise<T> {
  const before = await snapshot(ds);
  const result = await act();
  expect(await snapshot(ds)).toBe(before);
  return result;
}

const REQUEST_GRANT = `mutation($personId: ID!, $level: ClearanceLevel!, $expiresAt: DateTime!) {
  grantClearance(personId: $personId, level: $level, expiresAt: $expiresAt) { id } }`;
const PENDING_GRANTS = `{ clearanceGrantRequests { id person { id } } }`;
const APPROVE_GRANT = `mutation($requestId: ID!) { approveClearanceGrant(requestId: $requestId) { id status } }`;

/**
 * A second, IESI-cleared secretariat person (inserted directly, as the operator's bootstrap or an
 * earlier grant would have made them): the one who approves clearance grants in tests.
 */
export async function clearedApprover(api: TestApp): Promise<{ id: string; token: string }> {
  const approver = await insertPerson(api.dataSource, {
    displayName: 'Cleared Approver',
    roles: [Role.SECRETARIAT],
    clearanceLevel: ClearanceLevel.IESI,
    clearanceExpiresAt: inDays(365),
  });
  return { id: approver.id, token: api.tokenFor(approver.id, { expiresIn: 3600 }) };
}

/**
 * Grants a clearance through the API as ACCESS-POLICY.md requires: `requesterToken` requests it
 * (grantClearance) and `approverToken` approves the pending request (approveClearanceGrant).
 */
export async function grantClearanceThroughApi(
  api: TestApp,
  grant: { personId: string; expiresAt: string; level?: 'IESI' | 'NONE'; requesterToken: string; approverToken: string },
): Promise<void> {
  await api.gqlOk(
    REQUEST_GRANT,
    { personId: grant.personId, level: grant.level ?? 'IESI', expiresAt: grant.expiresAt },
    grant.requesterToken,
  );
  const { clearanceGrantRequests } = await api.gqlOk<{ clearanceGrantRequests: Array<{ id: string; person: { id: string } }> }>(
    PENDING_GRANTS,
    {},
    grant.approverToken,
  );
  const request = clearanceGrantRequests.find((r) => r.person.id === grant.personId);
  if (!request) throw new Error(`no pending clearance grant request for ${grant.personId}`);
  await api.gqlOk(APPROVE_GRANT, { requestId: request.id }, grant.approverToken);
}
