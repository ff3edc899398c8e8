import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectNothingInternal, expectRefusal } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import {
  incidentCouncil,
  quickReport,
  REPORT_FIELDS,
  submitFirst,
  SUBMIT_FIRST,
  SUBMIT_FOLLOW_UP,
  type IncidentCouncil,
} from './incident-council';

const LIST = `query($filter: IncidentReportFilterInput, $first: Int, $after: String) {
  incidentReports(filter: $filter, first: $first, after: $after) { totalCount edges { cursor node { id incidentId stage sequence } } pageInfo { endCursor hasNextPage } }
}`;
const ONE = `query($id: ID!) { incidentReport(id: $id) { id stage } }`;
const INCIDENT = `query($id: ID!) { incident(id: $id) { id status latestStage latestSequence openedAt lastReportAt closedAt reports { id stage sequence whatWasSeen authorId submittedAt } } }`;

describe('incident reports: FIRST → FOLLOW_UP → FINAL, who sees them, every refusal', () => {
  let api: TestApp;
  let c: IncidentCouncil;
  let first: any;
  let followUp: any;
  let final: any;
  let railReport: any;

  beforeAll(async () => {
    api = await startTestApp();
    c = await incidentCouncil(api);
    railReport = await submitFirst(api, c.token(c.railCiso), { affectedService: 'Ticketing' });
  });
  afterAll(async () => {
    await api.close();
  });

  const rowCount = async (table: string): Promise<number> =>
    Number((await api.dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n);

  it('takes a FIRST report with only what was seen, when, the service and a contact', async () => {
    const before = Date.now();
    first = await submitFirst(api, c.token(c.reporter));
    expect(first).toMatchObject({
      stage: 'FIRST',
      sequence: 1,
      organisationId: c.bank.id,
      authorId: c.reporter.id,
      whatWasSeen: 'Ransom note on the file servers of the Osaka branch',
      affectedService: 'Internet banking',
      incidentType: null,
      personalDataInvolved: null,
      sectorsAffected: ['FINANCE'],
      permittedPurposes: [],
      consentToPolice: false,
      permittedAuthorityIds: [],
      incident: { id: first.incidentId, status: 'OPEN', latestStage: 'FIRST', latestSequence: 1, closedAt: null },
    });
    expect(new Date(first.submittedAt).getTime()).toBeGreaterThanOrEqual(before - 1000);
  });

  it('adds a FOLLOW_UP by a CISO colleague: version 2, earlier fields carried, new ones added', async () => {
    const data = await api.gqlOk(
      SUBMIT_FOLLOW_UP,
      {
        incidentId: first.incidentId,
        input: {
          stage: 'FOLLOW_UP',
          incidentType: 'RANSOMWARE',
          personalDataInvolved: true,
          severity: 'HIGH',
          indicators: ['198.51.100.23', 'evil.example'],
          permittedPurposes: ['DAMAGE_PREVENTION', 'SHARING_AFTER_SANITISING'],
          consentToPolice: true,
        },
      },
      c.token(c.ciso),
    );
    followUp = data.submitIncidentFollowUp;
    expect(followUp).toMatchObject({
      incidentId: first.incidentId,
      stage: 'FOLLOW_UP',
      sequence: 2,
      authorId: c.ciso.id,
      whatWasSeen: first.whatWasSeen,
      detectedAt: first.detectedAt,
      contact: first.contact,
      incidentType: 'RANSOMWARE',
      personalDataInvolved: true,
      severity: 'HIGH',
      indicators: ['198.51.100.23', 'evil.example'],
      permittedPurposes: ['DAMAGE_PREVENTION', 'SHARING_AFTER_SANITISING'],
      consentToPolice: true,
      incident: { status: 'OPEN', latestStage: 'FOLLOW_UP', latestSequence: 2 },
    });
    expect(new Date(followUp.submittedAt).getTime()).toBeGreaterThanOrEqual(new Date(first.submittedAt).getTime());
  });

  it('closes the incident with the FINAL report (the opener writes it; null clears an optional field)', async () => {
    const data = await api.gqlOk(
      SUBMIT_FOLLOW_UP,
      {
        incidentId: first.incidentId,
        input: { stage: 'FINAL', severity: null, impact: 'Two days of branch downtime', details: 'Root cause: unpatched VPN' },
      },
      c.token(c.reporter),
    );
    final = data.submitIncidentFollowUp;
    expect(final).toMatchObject({
      stage: 'FINAL',
      sequence: 3,
      severity: null,
      incidentType: 'RANSOMWARE',
      impact: 'Two days of branch downtime',
      incident: { status: 'CLOSED', latestStage: 'FINAL', latestSequence: 3 },
    });
    expect(final.incident.closedAt).not.toBeNull();

    // The opener reads the whole thread, also the CISO's follow-up, in order, each with its own time.
    const incident = (await api.gqlOk(INCIDENT, { id: first.incidentId }, c.token(c.reporter))).incident;
    expect(incident.reports.map((r: any) => [r.stage, r.sequence, r.authorId])).toEqual([
      ['FIRST', 1, c.reporter.id],
      ['FOLLOW_UP', 2, c.ciso.id],
      ['FINAL', 3, c.reporter.id],
    ]);
    const times = incident.reports.map((r: any) => new Date(r.submittedAt).getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);

    // Every submission is in the audit log, without the report's content.
    const audit = await api.dataSource.query(
      `SELECT action, subject_id, "after" FROM audit_log WHERE subject_type = 'IncidentReport' AND action = 'incident_report.submitted' ORDER BY id`,
    );
    const ours = audit.filter((row: any) => [first.id, followUp.id, final.id].includes(row.subject_id));
    expect(ours.map((row: any) => row.after.stage)).toEqual(['FIRST', 'FOLLOW_UP', 'FINAL']);
    expect(JSON.stringify(ours)).not.toContain('Ransom note');
  });

  it('refuses any report after the FINAL one, and writes nothing', async () => {
    const reports = await rowCount('incident_reports');
    for (const stage of ['FOLLOW_UP', 'FINAL']) {
      const result = await api.gql(SUBMIT_FOLLOW_UP, { incidentId: first.incidentId, input: { stage } }, c.token(c.reporter));
      expectRefusal(result, 'CONFLICT', /closed: its FINAL report has been submitted/);
    }
    expect(await rowCount('incident_reports')).toBe(reports);
  });

  it('shows reports to the reporter side and the secretariat only', async () => {
    const idsSeenBy = async (token: string) =>
      (await api.gqlOk(LIST, { first: 200 }, token)).incidentReports.edges.map((e: any) => e.node.id).sort();
    const bankReports = [first.id, followUp.id, final.id].sort();
    expect(await idsSeenBy(c.token(c.reporter))).toEqual(bankReports);
    expect(await idsSeenBy(c.token(c.ciso))).toEqual(bankReports);
    expect(await idsSeenBy(c.token(c.orgAdmin))).toEqual(bankReports);
    expect(await idsSeenBy(c.token(c.colleague))).toEqual([]);
    expect(await idsSeenBy(c.token(c.railCiso))).toEqual([railReport.id]);
    expect(await idsSeenBy(c.token(c.auditor))).toEqual([]);
    expect(await idsSeenBy(c.token(c.auditingCiso))).toEqual([]);
    expect(await idsSeenBy(c.token(c.unpledgedSecretariat))).toEqual([]);
    expect(await idsSeenBy(c.token(c.secretariat))).toEqual([...bankReports, railReport.id].sort());

    const count = async (token: string) => (await api.gqlOk(LIST, {}, token)).incidentReports.totalCount;
    expect(await count(c.token(c.ciso))).toBe(3);
    expect(await count(c.token(c.railCiso))).toBe(1);
    expect(await count(c.token(c.colleague))).toBe(0);
  });

  it('answers a report or incident the reader may not see exactly like one that never existed', async () => {
    for (const person of [c.colleague, c.railCiso, c.auditor, c.auditingCiso]) {
      expect((await api.gqlOk(ONE, { id: first.id }, c.token(person))).incidentReport).toBeNull();
      expect((await api.gqlOk(INCIDENT, { id: first.incidentId }, c.token(person))).incident).toBeNull();
    }
    expect((await api.gqlOk(ONE, { id: randomUUID() }, c.token(c.reporter))).incidentReport).toBeNull();
    expect((await api.gqlOk(ONE, { id: 'not-a-uuid' }, c.token(c.reporter))).incidentReport).toBeNull();
    expect((await api.gqlOk(ONE, { id: first.id }, c.token(c.secretariat))).incidentReport).toMatchObject({ id: first.id });
  });

  it('pages newest first with a stable cursor', async () => {
    const page1 = (await api.gqlOk(LIST, { first: 2 }, c.token(c.ciso))).incidentReports;
    expect(page1.edges.map((e: any) => e.node.sequence)).toEqual([3, 2]);
    expect(page1.pageInfo.hasNextPage).toBe(true);
    const page2 = (await api.gqlOk(LIST, { first: 2, after: page1.pageInfo.endCursor }, c.token(c.ciso))).incidentReports;
    expect(page2.edges.map((e: any) => e.node.sequence)).toEqual([1]);
    expect(page2.pageInfo.hasNextPage).toBe(false);
    const latest = (await api.gqlOk(LIST, { filter: { latestOnly: true } }, c.token(c.secretariat))).incidentReports;
    expect(latest.edges.map((e: any) => e.node.id).sort()).toEqual([final.id, railReport.id].sort());
    expectRefusal(await api.gql(LIST, { after: 'garbage' }, c.token(c.ciso)), 'BAD_USER_INPUT', /after: not a cursor/);
  });

  describe('follow-ups refused', () => {
    let open: any;
    beforeAll(async () => {
      open = await submitFirst(api, c.token(c.reporter));
    });
    const followUpAs = (token: string, incidentId = open.incidentId, input: Record<string, unknown> = { stage: 'FOLLOW_UP' }) =>
      api.gql(SUBMIT_FOLLOW_UP, { incidentId, input }, token);

    it('to people who cannot see the incident, exactly as for an incident that does not exist', async () => {
      const missing = expectRefusal(await followUpAs(c.token(c.reporter), randomUUID()), 'NOT_FOUND');
      expect(missing).toBe('Incident not found');
      expect(expectRefusal(await followUpAs(c.token(c.reporter), 'nope'), 'NOT_FOUND')).toBe(missing);
      for (const person of [c.colleague, c.railCiso, c.auditor, c.auditingCiso]) {
        expect(expectRefusal(await followUpAs(c.token(person)), 'NOT_FOUND')).toBe(missing);
      }
    });

    it('to the secretariat (it reads, it does not report for a member) and to a member whose pledge lapsed', async () => {
      expectRefusal(await followUpAs(c.token(c.secretariat)), 'FORBIDDEN', /reporting organisation/);
      // The lapsed CISO still reads their organisation's reports, but no longer reports through the council.
      expect((await api.gqlOk(ONE, { id: open.id }, c.token(c.lapsed))).incidentReport).toMatchObject({ id: open.id });
      expectRefusal(await followUpAs(c.token(c.lapsed)), 'FORBIDDEN', /member of the council/);
    });

    it('with bad input, and nothing is written', async () => {
      const reports = await rowCount('incident_reports');
      const bad = async (input: Record<string, unknown>, pattern: RegExp) =>
        expectRefusal(await followUpAs(c.token(c.reporter), open.incidentId, input), 'BAD_USER_INPUT', pattern);
      await bad({ stage: 'FIRST' }, /stage must be FOLLOW_UP or FINAL/);
      await bad({ stage: 'FOLLOW_UP', whatWasSeen: '   ' }, /whatWasSeen: must not be empty/);
      await bad({ stage: 'FOLLOW_UP', occurredAt: new Date().toISOString() }, /occurredAt must not be after detectedAt/);
      await bad({ stage: 'FOLLOW_UP', permittedAuthorityIds: ['x'] }, /each authority id must be a UUID/);
      expect(await rowCount('incident_reports')).toBe(reports);
    });
  });

  describe('FIRST reports refused', () => {
    it('to people who are not members: auditors, lapsed pledges', async () => {
      expectRefusal(
        await api.gql(SUBMIT_FIRST, { input: quickReport() }, c.token(c.auditor)),
        'FORBIDDEN',
        /Only members of the council report incidents/,
      );
      expectRefusal(await api.gql(SUBMIT_FIRST, { input: quickReport() }, c.token(c.lapsed)), 'FORBIDDEN', /Only members/);
      expectRefusal(await api.gql(SUBMIT_FIRST, { input: quickReport() }), 'UNAUTHENTICATED');
    });

    it('with bad input (missing or blank required fields, future detection, unknown vocabulary), and nothing is written', async () => {
      const reports = await rowCount('incident_reports');
      const incidents = await rowCount('incident_cases');
      const token = c.token(c.reporter);
      const refused = async (input: Record<string, unknown>, pattern: RegExp) => {
        const result = await api.gql(SUBMIT_FIRST, { input }, token);
        expect(result.errors?.[0]?.message).toMatch(pattern);
        expect(result.data?.submitIncidentReport ?? null).toBeNull();
        expectNothingInternal(result);
      };
      await refused(quickReport({ whatWasSeen: '' }), /whatWasSeen: must not be empty/);
      await refused(quickReport({ contact: ' \n ' }), /contact: must not be empty/);
      await refused(quickReport({ affectedService: 'x'.repeat(301) }), /affectedService: must be at most 300 characters/);
      await refused(quickReport({ detectedAt: 'yesterday' }), /detectedAt/);
      await refused(quickReport({ detectedAt: new Date(Date.now() + 3_600_000).toISOString() }), /detectedAt must not be in the future/);
      await refused(quickReport({ incidentType: 'ALIENS' }), /ALIENS/);
      await refused(quickReport({ permittedPurposes: ['MARKETING'] }), /MARKETING/);
      await refused(
        quickReport({ permittedAuthorityIds: [randomUUID()] }),
        /permittedAuthorityIds: no active reporting authority has the id/,
      );
      const { contact: _omitted, ...withoutContact } = quickReport();
      await refused(withoutContact, /contact/);
      expect(await rowCount('incident_reports')).toBe(reports);
      expect(await rowCount('incident_cases')).toBe(incidents);
    });
  });

  it('keeps the campaign filter to the secretariat', async () => {
    expectRefusal(await api.gql(LIST, { filter: { campaignId: randomUUID() } }, c.token(c.ciso)), 'FORBIDDEN', /Only the secretariat/);
  });

  it('exposes only the declared fields (no entity leaks into the schema)', async () => {
    const result = await api.gql(
      `query($id: ID!) { incidentReport(id: $id) { ${REPORT_FIELDS} createdAt } }`,
      { id: first.id },
      c.token(c.reporter),
    );
    expect(result.errors?.[0]?.message).toMatch(/Cannot query field "createdAt"/);
  });
});
