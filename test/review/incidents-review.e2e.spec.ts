import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectRefusal } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { incidentCouncil, quickReport, submitFirst, type IncidentCouncil } from '../incidents/incident-council';

const FOLLOW_UP = `mutation($id: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $id, input: $input) { id permittedPurposes } }`;
const DERIVE = `mutation($input: DeriveAdvisoryDraftInput!) { deriveAdvisoryDraftFromReports(input: $input) { id } }`;
const SUBMIT = `mutation($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id } }`;
const REPORTS = `query($after: String) { incidentReports(first: 5, after: $after) { edges { node { id } } } }`;

function draftInput(reportIds: string[]): Record<string, unknown> {
  return {
    reportIds,
    severity: 'HIGH',
    full: { classification: 'UNCLASSIFIED', tlp: 'GREEN', title: 'VPN ransomware wave', summary: 'Patch the VPN appliances.' },
    audience: {},
  };
}

/** Review of issue 6: a reporter's later word, and cursors that only look valid. */
describe('review: incident reports', () => {
  let api: TestApp;
  let c: IncidentCouncil;

  beforeAll(async () => {
    api = await startTestApp();
    c = await incidentCouncil(api);
  });
  afterAll(async () => {
    await api.close();
  });

  const advisoryCount = async () => Number((await api.dataSource.query('SELECT count(*) AS n FROM advisories'))[0].n);

  it('derives nothing from an earlier report once a follow-up withdrew SHARING_AFTER_SANITISING', async () => {
    const first = await submitFirst(api, c.token(c.reporter), { permittedPurposes: ['SHARING_AFTER_SANITISING', 'STATISTICS'] });
    // The reporter changes their mind: the incident may no longer be shared with members.
    const followUp = (
      await api.gqlOk(
        FOLLOW_UP,
        { id: first.incidentId, input: { stage: 'FOLLOW_UP', permittedPurposes: ['STATISTICS'] } },
        c.token(c.reporter),
      )
    ).submitIncidentFollowUp;
    expect(followUp.permittedPurposes).toEqual(['STATISTICS']);

    const before = await advisoryCount();
    for (const reportIds of [[first.id], [followUp.id], [first.id, followUp.id]]) {
      expectRefusal(await api.gql(DERIVE, { input: draftInput(reportIds) }, c.token(c.secretariat)), 'FORBIDDEN', /did not allow sharing/);
    }
    expect(await advisoryCount()).toBe(before);
    const links = await api.dataSource.query('SELECT 1 FROM incident_report_advisories WHERE report_id = ANY($1::uuid[])', [
      [first.id, followUp.id],
    ]);
    expect(links).toEqual([]);
  });

  it('still derives from an earlier report when the latest one on its incident allows sharing', async () => {
    const first = await submitFirst(api, c.token(c.reporter), { permittedPurposes: ['SHARING_AFTER_SANITISING'] });
    // A follow-up that leaves the purposes out keeps them.
    await api.gqlOk(FOLLOW_UP, { id: first.incidentId, input: { stage: 'FOLLOW_UP', impact: 'Branch offline' } }, c.token(c.ciso));
    const derived = await api.gqlOk(DERIVE, { input: draftInput([first.id]) }, c.token(c.secretariat));
    expect(derived.deriveAdvisoryDraftFromReports.id).toEqual(expect.any(String));
  });

  it("refuses derived content naming the person who opened the incident, when deriving from a colleague's follow-up", async () => {
    const first = await submitFirst(api, c.token(c.reporter), { permittedPurposes: ['SHARING_AFTER_SANITISING'] });
    const followUp = (
      await api.gqlOk(FOLLOW_UP, { id: first.incidentId, input: { stage: 'FOLLOW_UP', impact: 'Two branches offline' } }, c.token(c.ciso))
    ).submitIncidentFollowUp;
    const before = await advisoryCount();
    for (const identity of [c.reporter.displayName, c.reporter.email]) {
      const input = draftInput([followUp.id]);
      (input.full as Record<string, unknown>).body = `First seen by ${identity}.`;
      expectRefusal(
        await api.gql(DERIVE, { input }, c.token(c.secretariat)),
        'BAD_USER_INPUT',
        /input\.full\.body: names a reporting organisation or person/,
      );
    }
    expect(await advisoryCount()).toBe(before);
  });

  it('refuses dates PostgreSQL cannot store (before 4713 BC) as bad input, and writes nothing', async () => {
    const ancient = '-200000-01-01T00:00:00.000Z';
    const reports = async () => Number((await api.dataSource.query('SELECT count(*) AS n FROM incident_reports'))[0].n);
    const before = await reports();
    for (const extra of [{ detectedAt: ancient }, { occurredAt: ancient }]) {
      const result = await api.gql(SUBMIT, { input: { ...quickReport(), ...extra } }, c.token(c.reporter));
      expectRefusal(result, 'BAD_USER_INPUT', /(detectedAt|occurredAt)/);
    }
    expect(await reports()).toBe(before);
    const filtered = await api.gql(
      `query($after: DateTime) { incidentReports(filter: { submittedAfter: $after }) { totalCount } }`,
      { after: ancient },
      c.token(c.reporter),
    );
    expectRefusal(filtered, 'BAD_USER_INPUT', /submittedAfter/);
    const stats = await api.gql(
      `query($since: DateTime!) { incidentStatistics(openedSince: $since) { counted } }`,
      { since: ancient },
      c.token(c.secretariat),
    );
    expectRefusal(stats, 'BAD_USER_INPUT', /openedSince/);
  });

  it('refuses a report cursor naming a day the month lacks as bad input, not an internal error', async () => {
    await submitFirst(api, c.token(c.reporter));
    for (const stamp of ['2026-02-30T00:00:00.000000Z', '2026-13-01T00:00:00.000000Z', '2026-01-01T25:00:00.000000Z']) {
      const cursor = Buffer.from(`${stamp}|00000000-0000-0000-0000-000000000001`, 'utf8').toString('base64url');
      expectRefusal(await api.gql(REPORTS, { after: cursor }, c.token(c.reporter)), 'BAD_USER_INPUT', /after: not a cursor/);
    }
  });
});
