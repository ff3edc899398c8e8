import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { inDays, insertPerson } from '../support/council-fixtures';
import { castOf, clearedApprover, expectRefusal, grantClearanceThroughApi, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const AUDIT_LOG = `query($first: Int, $after: String, $action: String, $subjectId: String) {
  auditLog(first: $first, after: $after, action: $action, subjectId: $subjectId) {
    edges { cursor node { id occurredAt actorId action subjectType subjectId before after prevHash hash } }
    pageInfo { endCursor hasNextPage } } }`;
const ACCESS_LOG = `query($first: Int, $after: String, $personId: ID) {
  accessLog(first: $first, after: $after, personId: $personId) {
    edges { node { id occurredAt personId advisoryId advisoryVersion classification } } pageInfo { endCursor hasNextPage } } }`;
const CHAIN = `{ auditChainStatus { ok rows brokenAt problem } }`;
// npm test runs from the repository root.
const ROOT = process.cwd();

const run = promisify(execFile);

/** `npm run audit:verify` against a database: its exit code and what it printed. */
async function auditVerify(databaseUrl: string): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', 'audit:verify'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl },
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('the decision and access logs', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('records every kind of administrative decision through the API', async () => {
    const as = cast.secretariatToken;
    const { createOrganisation: org } = await api.gqlOk(
      `mutation { createOrganisation(input: { name: "Audit Trail Gas", kind: CRITICAL_INFRASTRUCTURE, tier: CLASS_1, sectors: [GAS], foreign: false }) { id } }`,
      {},
      as,
    );
    await api.gqlOk(`mutation($id: ID!) { updateOrganisation(id: $id, input: { active: false }) { id } }`, { id: org.id }, as);
    const { invitePerson } = await api.gqlOk(
      `mutation($email: String!, $org: ID!) { invitePerson(input: { email: $email, displayName: "Aud It", organisationId: $org, roles: [ANALYST] }) { token person { id } } }`,
      { email: `audit-${randomUUID()}@example.test`, org: cast.ownOrg.id },
      as,
    );
    const personId = invitePerson.person.id;
    const { acceptInvitation } = await api.gqlOk(
      `mutation($token: String!) { acceptInvitation(token: $token, password: "audited password") { accessToken } }`,
      { token: invitePerson.token },
    );
    await api.gqlOk(`mutation { signPledge { id } }`, {}, acceptInvitation.accessToken);
    await api.gqlOk(`mutation($id: ID!) { setPersonRoles(personId: $id, roles: [CISO]) { id } }`, { id: personId }, as);
    await grantClearanceThroughApi(api, {
      personId,
      expiresAt: inDays(90).toISOString(),
      requesterToken: as,
      approverToken: (await clearedApprover(api)).token,
    });
    await api.gqlOk(`mutation($id: ID!) { suspendClearance(personId: $id) { id } }`, { id: personId }, as);
    await api.gqlOk(`mutation($id: ID!) { setPersonActive(personId: $id, active: false) { id } }`, { id: personId }, as);

    const { auditLog } = await api.gqlOk(AUDIT_LOG, { first: 200 }, cast.auditorToken);
    const actions = auditLog.edges.map((e: { node: { action: string } }) => e.node.action);
    for (const action of [
      'organisation.created',
      'organisation.updated',
      'person.invited',
      'invitation.accepted',
      'pledge.signed',
      'person.roles_changed',
      'clearance.grant_requested',
      'clearance.granted',
      'clearance.suspended',
      'person.deactivated',
    ]) {
      expect(actions).toContain(action);
    }
    const newest = auditLog.edges[0].node;
    expect(newest).toMatchObject({
      action: 'person.deactivated',
      actorId: cast.secretariat.id,
      subjectType: 'Person',
      subjectId: personId,
      before: { active: true },
      after: { active: false },
    });
    expect(newest.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(newest.prevHash).toBe(auditLog.edges[1].node.hash);
  });

  it('pages newest first without overlap, and filters', async () => {
    const first = (await api.gqlOk(AUDIT_LOG, { first: 2 }, cast.auditorToken)).auditLog;
    expect(first.edges).toHaveLength(2);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const next = (await api.gqlOk(AUDIT_LOG, { first: 2, after: first.pageInfo.endCursor }, cast.auditorToken)).auditLog;
    const ids = [...first.edges, ...next.edges].map((e: { node: { id: string } }) => Number(e.node.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(new Set(ids).size).toBe(4);
    const { auditLog } = await api.gqlOk(AUDIT_LOG, { action: 'clearance.granted' }, cast.auditorToken);
    expect(auditLog.edges.length).toBeGreaterThan(0);
    expect(auditLog.edges.every((e: { node: { action: string } }) => e.node.action === 'clearance.granted')).toBe(true);
  });

  it('lets auditors read the access log', async () => {
    const reader = await insertPerson(api.dataSource);
    const advisoryId = randomUUID();
    await api.dataSource.query(
      `INSERT INTO access_log (occurred_at, person_id, advisory_id, advisory_version, classification) VALUES (now(), $1, $2, 3, 'IESI')`,
      [reader.id, advisoryId],
    );
    const { accessLog } = await api.gqlOk(ACCESS_LOG, { personId: reader.id }, cast.auditorToken);
    expect(accessLog.edges.map((e: { node: unknown }) => e.node)).toEqual([
      expect.objectContaining({ personId: reader.id, advisoryId, advisoryVersion: 3, classification: 'IESI' }),
    ]);
  });

  it('refuses everyone who is not an auditor', async () => {
    for (const token of [cast.secretariatToken, cast.orgAdminToken, cast.memberToken]) {
      for (const query of [AUDIT_LOG, ACCESS_LOG, CHAIN]) {
        expectRefusal(await api.gql(query, {}, token), 'FORBIDDEN', /Only auditors read the decision and access logs/);
      }
    }
    const formerAuditor = await insertPerson(api.dataSource, { roles: ['AUDITOR' as never], active: false });
    expectRefusal(await api.gql(AUDIT_LOG, {}, api.tokenFor(formerAuditor.id)), 'UNAUTHENTICATED');
  });

  it('refuses cursors of another list and page sizes out of range', async () => {
    const { accessLog } = await api.gqlOk(ACCESS_LOG, { first: 1 }, cast.auditorToken);
    expectRefusal(
      await api.gql(AUDIT_LOG, { after: accessLog.pageInfo.endCursor }, cast.auditorToken),
      'BAD_USER_INPUT',
      /after: not a cursor returned by auditLog/,
    );
    expectRefusal(await api.gql(AUDIT_LOG, { first: 0 }, cast.auditorToken), 'BAD_USER_INPUT', /first: first must not be less than 1/);
    expectRefusal(
      await api.gql(AUDIT_LOG, { first: 201 }, cast.auditorToken),
      'BAD_USER_INPUT',
      /first: first must not be greater than 200/,
    );
  });

  it('offers no operation that changes either log', async () => {
    const { __type } = await api.gqlOk(`{ __type(name: "Mutation") { fields { name } } }`);
    const names = __type.fields.map((f: { name: string }) => f.name);
    expect(names.filter((n: string) => /audit|accesslog|log$/i.test(n) && n !== 'login')).toEqual([]);
  });

  it('is append-only in the database itself', async () => {
    await expect(api.dataSource.query(`UPDATE audit_log SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(api.dataSource.query(`DELETE FROM access_log`)).rejects.toThrow(/append-only/);
  });

  describe('the hash chain', () => {
    it('verifies, through GraphQL and with npm run audit:verify', async () => {
      const { auditChainStatus } = await api.gqlOk(CHAIN, {}, cast.auditorToken);
      const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM audit_log`);
      expect(auditChainStatus).toEqual({ ok: true, rows: count, brokenAt: null, problem: null });
      const verified = await auditVerify(api.databaseUrl);
      expect(verified.output).toContain(`the chain holds (${count} rows)`);
      expect(verified.code).toBe(0);
    });

    it('detects a changed row, and then a removed one', async () => {
      const [victim] = await api.dataSource.query(`SELECT id FROM audit_log ORDER BY id LIMIT 1 OFFSET 2`);
      // As a superuser can: switch the append-only trigger off, rewrite history, switch it back on.
      await api.dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await api.dataSource.query(`UPDATE audit_log SET after = '{"tampered": true}' WHERE id = $1`, [victim.id]);
      await api.dataSource.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);

      const { auditChainStatus } = await api.gqlOk(CHAIN, {}, cast.auditorToken);
      expect(auditChainStatus).toMatchObject({ ok: false, brokenAt: victim.id, rows: 2 });
      expect(auditChainStatus.problem).toMatch(/the row was changed/);
      const changed = await auditVerify(api.databaseUrl);
      expect(changed.code).toBe(1);
      expect(changed.output).toContain(`BROKEN at row ${victim.id}`);

      await api.dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
      await api.dataSource.query(`DELETE FROM audit_log WHERE id = $1`, [victim.id]);
      await api.dataSource.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
      const removed = await api.gqlOk(CHAIN, {}, cast.auditorToken);
      expect(removed.auditChainStatus.problem).toMatch(/a row was removed or reordered/);
      expect((await auditVerify(api.databaseUrl)).code).toBe(1);
    });
  });
});
