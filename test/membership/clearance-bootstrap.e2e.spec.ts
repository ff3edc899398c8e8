import { execFile } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/platform/src/vocabulary';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { castOf, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const CLI = 'libs/membership/src/clearances/cli/bootstrap-clearance.ts';
const ME = `{ me { id clearance { level expiresAt suspended } } }`;
const GRANT = `mutation($personId: ID!, $expiresAt: DateTime!) { grantClearance(personId: $personId, level: IESI, expiresAt: $expiresAt) { id } }`;
const PENDING = `{ clearanceGrantRequests { id person { id } mayApprove approvalRefusal } }`;
const APPROVE = `mutation($requestId: ID!) { approveClearanceGrant(requestId: $requestId) { status person { clearance { level } } } }`;
const AUDIT_LOG = `{ auditLog(first: 50) { edges { node { action actorId subjectId after } } } }`;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function bootstrap(databaseUrl: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/ts-node/dist/bin.js', '--transpile-only', '-r', 'tsconfig-paths/register', CLI, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 90_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}

describe('npm run clearance:bootstrap: the first cleared secretariat person, granted by the operator', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses bad arguments, a person who is not secretariat, an unknown address and a past expiry, granting nothing', async () => {
    const member = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
    const runs: Array<[string[], number, RegExp]> = [
      [['--email', cast.secretariat.email], 2, /--expires is required/],
      [['--email', cast.secretariat.email, '--expires', '2027-02-31'], 2, /--expires "2027-02-31" is not a date/],
      [['--email', member.email, '--expires', '2099-12-31'], 1, /refused: .* is not a secretariat person/],
      [['--email', 'nobody@example.test', '--expires', '2099-12-31'], 1, /refused: no person has the address nobody@example.test/],
      [['--email', cast.secretariat.email, '--expires', '2001-01-01'], 1, /refused: the expiry must be in the future/],
    ];
    for (const [args, code, message] of runs) {
      const run = await bootstrap(api.databaseUrl, args);
      expect({ code: run.code, stderr: run.stderr }).toEqual({ code, stderr: expect.stringMatching(message) });
    }
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM persons WHERE clearance_level = 'IESI'`);
    expect(count).toBe(0);
  });

  it('grants IESI to an existing secretariat person while nobody could approve grants, records it, and then refuses', async () => {
    // A secretariat person of an organisation without facility clearance would not be cleared by it.
    const uncleared = await insertOrganisation(api.dataSource, { facilityClearanceExpiresAt: null });
    const inOrganisation = await insertPerson(api.dataSource, { organisationId: uncleared.id, roles: [Role.SECRETARIAT] });
    const refused = await bootstrap(api.databaseUrl, ['--email', inOrganisation.email, '--expires', '2099-12-31']);
    expect(refused).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/would still not be cleared: their organisation has no valid facility clearance/),
    });

    const run = await bootstrap(api.databaseUrl, ['--email', cast.secretariat.email.toUpperCase(), '--expires', '2099-12-31']);
    expect(run).toMatchObject({
      code: 0,
      stdout: expect.stringContaining(`${cast.secretariat.email} is IESI-cleared until 2099-12-31T14:59:59.999Z`),
    });
    const { me } = await api.gqlOk(ME, {}, cast.secretariatToken);
    expect(me.clearance).toEqual({ level: 'IESI', expiresAt: '2099-12-31T14:59:59.999Z', suspended: false });
    const { auditLog } = await api.gqlOk(AUDIT_LOG, {}, cast.auditorToken);
    expect(auditLog.edges[0].node).toMatchObject({
      action: 'clearance.bootstrapped',
      actorId: null,
      subjectId: cast.secretariat.id,
      after: { level: 'IESI', expiresAt: '2099-12-31T14:59:59.999Z', suspended: false, operator: expect.any(String) },
    });

    // From now on the API's two-person grant works: another secretariat person requests, the bootstrapped one approves.
    const colleague = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT] });
    const grantee = await insertPerson(api.dataSource, { organisationId: cast.ownOrg.id });
    await api.gqlOk(GRANT, { personId: grantee.id, expiresAt: '2098-01-01T00:00:00.000Z' }, api.tokenFor(colleague.id));
    const request = (await api.gqlOk(PENDING, {}, cast.secretariatToken)).clearanceGrantRequests.find(
      (r: { person: { id: string } }) => r.person.id === grantee.id,
    );
    expect(request).toMatchObject({ mayApprove: true, approvalRefusal: null });
    expect((await api.gqlOk(APPROVE, { requestId: request.id }, cast.secretariatToken)).approveClearanceGrant).toEqual({
      status: 'APPROVED',
      person: { clearance: { level: 'IESI' } },
    });

    // A cleared secretariat person exists: the operator's path is closed.
    const again = await bootstrap(api.databaseUrl, ['--email', colleague.email, '--expires', '2099-12-31']);
    expect(again).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/a cleared secretariat person already exists \(secretariat@council\.test\)/),
    });
    const [{ clearance_level }] = await api.dataSource.query(`SELECT clearance_level FROM persons WHERE id = $1`, [colleague.id]);
    expect(clearance_level).toBe('NONE');
  });
});
