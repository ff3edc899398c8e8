import { expect } from '@jest/globals';
import { ClearanceLevel, MembershipTier, OrganisationKind, Role, Sector } from '../../libs/platform/src/vocabulary';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import type { GraphQLResponse, TestApp } from '../support/test-app';

/** People of a small council for lifecycle tests, each with an access token. */
export interface LifecycleCouncil {
  orgId: string;
  otherOrgId: string;
  /** Member of orgId (CLASS_1, FINANCE, Tokyo), no clearance. */
  author: Person;
  /** Member of orgId with an IESI clearance (the organisation has a facility clearance). */
  clearedAuthor: Person;
  /** ORG_ADMIN of orgId. */
  orgAdmin: Person;
  /** An analyst of orgId, no admin role. */
  colleague: Person;
  /** Member of otherOrgId (CLASS_2, FINANCE, Osaka). */
  reader: Person;
  /** ORG_ADMIN of otherOrgId. */
  otherOrgAdmin: Person;
  /** Secretariat with a pledge and an IESI clearance. */
  secretariat: Person;
  /** Secretariat with a pledge, no clearance. */
  unclearedSecretariat: Person;
  /** A person whose organisation's agreement has expired: not a member. */
  nonMember: Person;
  auditor: Person;
}

export interface Person {
  id: string;
  token: string;
}

export async function buildCouncil(api: TestApp): Promise<LifecycleCouncil> {
  const ds = api.dataSource;
  const person = async (fields: Parameters<typeof insertPerson>[1]): Promise<Person> => {
    const p = await insertPerson(ds, fields);
    return { id: p.id, token: api.tokenFor(p.id) };
  };
  const iesi = { clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(200) };
  const org = await insertOrganisation(ds, {
    tier: MembershipTier.CLASS_1,
    sectors: [Sector.FINANCE],
    prefecture: '13',
    facilityClearanceExpiresAt: inDays(300),
  });
  const other = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE], prefecture: '27' });
  const lapsed = await insertOrganisation(ds, { agreementExpiresAt: inDays(-1) });
  return {
    orgId: org.id,
    otherOrgId: other.id,
    author: await person({ organisationId: org.id, roles: [Role.ANALYST] }),
    clearedAuthor: await person({ organisationId: org.id, roles: [Role.ANALYST], ...iesi }),
    orgAdmin: await person({ organisationId: org.id, roles: [Role.ORG_ADMIN] }),
    colleague: await person({ organisationId: org.id, roles: [Role.ANALYST] }),
    reader: await person({ organisationId: other.id }),
    otherOrgAdmin: await person({ organisationId: other.id, roles: [Role.ORG_ADMIN] }),
    secretariat: await person({ roles: [Role.SECRETARIAT], ...iesi }),
    unclearedSecretariat: await person({ roles: [Role.SECRETARIAT] }),
    nonMember: await person({ organisationId: lapsed.id }),
    auditor: await person({ roles: [Role.AUDITOR] }),
  };
}

export async function insertLocalGovernment(api: TestApp, prefecture: string, municipality: string | null): Promise<Person> {
  const org = await insertOrganisation(api.dataSource, {
    kind: OrganisationKind.LOCAL_GOVERNMENT,
    tier: MembershipTier.NONE,
    sectors: [],
    prefecture,
    municipality,
    agreementExpiresAt: null,
  });
  const p = await insertPerson(api.dataSource, { organisationId: org.id, pledgeExpiresAt: null });
  return { id: p.id, token: api.tokenFor(p.id) };
}

export const ADVISORY_FIELDS = `id access status severity version classification tlp title summary body
  recommendedActions indicators withdrawalReason rejectionReason publishedAt updatedAt
  originator { id }
  audience { tiers sectors regions organisationIds personIds noForeign }`;

export const CREATE = `mutation Create($input: CreateAdvisoryInput!) { createAdvisory(input: $input) { ${ADVISORY_FIELDS} } }`;
export const UPDATE = `mutation Update($id: ID!, $input: UpdateAdvisoryInput!) { updateAdvisory(id: $id, input: $input) { ${ADVISORY_FIELDS} } }`;
export const SUBMIT = `mutation Submit($id: ID!) { submitAdvisory(id: $id) { ${ADVISORY_FIELDS} } }`;
export const APPROVE = `mutation Approve($id: ID!) { approveAdvisory(id: $id) { ${ADVISORY_FIELDS} } }`;
export const REJECT = `mutation Reject($id: ID!, $reason: String!) { rejectAdvisory(id: $id, reason: $reason) { ${ADVISORY_FIELDS} } }`;
export const WITHDRAW = `mutation Withdraw($id: ID!, $reason: String!) { withdrawAdvisory(id: $id, reason: $reason) { ${ADVISORY_FIELDS} } }`;
export const ONE = `query One($id: ID!) { advisory(id: $id) { ${ADVISORY_FIELDS} } }`;
export const VERSIONS = `query Versions($id: ID!) { advisoryVersions(id: $id) { version change createdAt advisory { ${ADVISORY_FIELDS} } } }`;
const PROPOSAL_FIELDS = `id advisoryId status baseVersion stale note widens proposedAt decidedAt proposed { ${ADVISORY_FIELDS} }`;
export const PROPOSE = `mutation Propose($id: ID!, $input: AdvisoryWideningInput!) { proposeAdvisoryWidening(id: $id, input: $input) { ${PROPOSAL_FIELDS} } }`;
export const CONSENT = `mutation Consent($proposalId: ID!) { consentToAdvisoryWidening(proposalId: $proposalId) { ${ADVISORY_FIELDS} } }`;
export const DECLINE = `mutation Decline($proposalId: ID!) { declineAdvisoryWidening(proposalId: $proposalId) { ${PROPOSAL_FIELDS} } }`;
export const PROPOSALS = `query Proposals($advisoryId: ID) { advisoryWideningProposals(advisoryId: $advisoryId) { ${PROPOSAL_FIELDS} } }`;

/** A valid CreateAdvisoryInput: COUNCIL_CONFIDENTIAL, AMBER, with an UNCLASSIFIED GREEN tear line. */
export function advisoryInput(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    severity: 'MEDIUM',
    attributed: false,
    full: {
      classification: 'COUNCIL_CONFIDENTIAL',
      tlp: 'AMBER',
      title: 'Credential phishing against regional banks',
      summary: 'A campaign targets online banking staff.',
      body: 'Indicators and analysis.',
      recommendedActions: ['Reset exposed credentials'],
      indicators: ['203.0.113.9'],
    },
    tearLine: {
      classification: 'UNCLASSIFIED',
      tlp: 'GREEN',
      title: 'Phishing campaign against banks',
      summary: 'Be alert to credential phishing.',
      recommendedActions: ['Train staff'],
      releaseToNonMemberLocalGovernments: false,
    },
    audience: {},
    ...overrides,
  };
}

/** Expects exactly one error with this code, and returns its message. */
export function expectError(result: GraphQLResponse, code: string): string {
  expect(result.errors?.map((e) => e.extensions?.code)).toEqual([code]);
  return result.errors?.[0]?.message ?? '';
}

/** Lifecycle steps through GraphQL, for tests whose subject is a later step. */
export function lifecycleSteps(api: TestApp, council: LifecycleCouncil) {
  const create = async (author: Person, overrides: Record<string, unknown> = {}): Promise<string> => {
    const data = await api.gqlOk<{ createAdvisory: { id: string } }>(CREATE, { input: advisoryInput(overrides) }, author.token);
    return data.createAdvisory.id;
  };
  const submitted = async (author: Person, overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = await create(author, overrides);
    await api.gqlOk(SUBMIT, { id }, author.token);
    return id;
  };
  const published = async (author: Person = council.author, overrides: Record<string, unknown> = {}): Promise<string> => {
    const id = await submitted(author, overrides);
    await api.gqlOk(APPROVE, { id }, council.secretariat.token);
    return id;
  };
  return { create, submitted, published };
}

/** Outbox rows of one advisory, oldest first. */
export async function outboxOf(api: TestApp, advisoryId: string): Promise<Array<{ event: string; advisory_version: number }>> {
  return api.dataSource.query('SELECT event, advisory_version FROM outbox_events WHERE advisory_id = $1 ORDER BY id', [advisoryId]);
}

/** Audit actions recorded for one advisory, oldest first. */
export async function auditOf(api: TestApp, advisoryId: string): Promise<Array<{ action: string; actor_id: string }>> {
  return api.dataSource.query("SELECT action, actor_id FROM audit_log WHERE subject_type = 'Advisory' AND subject_id = $1 ORDER BY id", [
    advisoryId,
  ]);
}
