import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { expectRefusal } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { incidentCouncil, submitFirst, SUBMIT_FOLLOW_UP, type IncidentCouncil } from './incident-council';

const POST = `mutation($reportId: ID!, $body: String!) { postIncidentFeedback(reportId: $reportId, body: $body) { id body fromSecretariat authorName authorId createdAt } }`;
const THREAD = `query($id: ID!) { incidentReport(id: $id) { id feedback { body fromSecretariat authorName authorId } } }`;

describe("feedback: one thread per report between the reporter's organisation and the secretariat", () => {
  let api: TestApp;
  let c: IncidentCouncil;
  let report: any;
  let followUp: any;

  beforeAll(async () => {
    api = await startTestApp();
    c = await incidentCouncil(api);
    report = await submitFirst(api, c.token(c.reporter));
    followUp = (
      await api.gqlOk(
        SUBMIT_FOLLOW_UP,
        { incidentId: report.incidentId, input: { stage: 'FOLLOW_UP', details: 'more' } },
        c.token(c.reporter),
      )
    ).submitIncidentFollowUp;
  });
  afterAll(async () => {
    await api.close();
  });

  const messageCount = async () => Number((await api.dataSource.query('SELECT count(*) AS n FROM incident_feedback_messages'))[0].n);

  it('carries messages both ways; the secretariat speaks as "Secretariat" to the reporter side', async () => {
    const mine = (await api.gqlOk(POST, { reportId: report.id, body: ' Is the VPN advisory relevant? ' }, c.token(c.reporter)))
      .postIncidentFeedback;
    expect(mine).toMatchObject({
      body: 'Is the VPN advisory relevant?',
      fromSecretariat: false,
      authorName: 'Hanako Reporter',
      authorId: c.reporter.id,
    });
    const answer = (
      await api.gqlOk(POST, { reportId: report.id, body: 'Yes: patch first, then reset credentials.' }, c.token(c.secretariat))
    ).postIncidentFeedback;
    expect(answer).toMatchObject({ fromSecretariat: true, authorName: 'Secretariat Sato', authorId: c.secretariat.id });
    await api.gqlOk(POST, { reportId: report.id, body: 'Thank you, done.' }, c.token(c.ciso));

    const reporterView = (await api.gqlOk(THREAD, { id: report.id }, c.token(c.reporter))).incidentReport.feedback;
    expect(reporterView).toEqual([
      { body: 'Is the VPN advisory relevant?', fromSecretariat: false, authorName: 'Hanako Reporter', authorId: c.reporter.id },
      { body: 'Yes: patch first, then reset credentials.', fromSecretariat: true, authorName: 'Secretariat', authorId: null },
      { body: 'Thank you, done.', fromSecretariat: false, authorName: 'Kenji Ciso', authorId: c.ciso.id },
    ]);
    expect(JSON.stringify(reporterView)).not.toContain('Sato');
    const adminView = (await api.gqlOk(THREAD, { id: report.id }, c.token(c.orgAdmin))).incidentReport.feedback;
    expect(adminView).toEqual(reporterView);
    const secretariatView = (await api.gqlOk(THREAD, { id: report.id }, c.token(c.moderator))).incidentReport.feedback;
    expect(secretariatView[1]).toEqual({
      body: 'Yes: patch first, then reset credentials.',
      fromSecretariat: true,
      authorName: 'Secretariat Sato',
      authorId: c.secretariat.id,
    });
  });

  it('keeps one thread per report: the follow-up has its own', async () => {
    expect((await api.gqlOk(THREAD, { id: followUp.id }, c.token(c.reporter))).incidentReport.feedback).toEqual([]);
  });

  it('audits each message without its text', async () => {
    const rows = await api.dataSource.query(
      `SELECT subject_id, "after" FROM audit_log WHERE action = 'incident_feedback.posted' ORDER BY id`,
    );
    expect(rows.map((r: any) => [r.subject_id, r.after.fromSecretariat])).toEqual([
      [report.id, false],
      [report.id, true],
      [report.id, false],
    ]);
    expect(JSON.stringify(rows)).not.toContain('VPN advisory');
  });

  it('refuses anyone who may not read the report exactly as for a report that does not exist, and writes nothing', async () => {
    const before = await messageCount();
    const missing = expectRefusal(await api.gql(POST, { reportId: randomUUID(), body: 'hello' }, c.token(c.reporter)), 'NOT_FOUND');
    expect(missing).toBe('Incident report not found');
    for (const person of [c.colleague, c.railCiso, c.auditor, c.auditingCiso, c.unpledgedSecretariat]) {
      expect(expectRefusal(await api.gql(POST, { reportId: report.id, body: 'hello' }, c.token(person)), 'NOT_FOUND')).toBe(missing);
      expect((await api.gqlOk(THREAD, { id: report.id }, c.token(person))).incidentReport).toBeNull();
    }
    expect(await messageCount()).toBe(before);
  });

  it('refuses empty, over-long and malformed input', async () => {
    const before = await messageCount();
    const token = c.token(c.reporter);
    expectRefusal(await api.gql(POST, { reportId: report.id, body: '  ' }, token), 'BAD_USER_INPUT', /body: must not be empty/);
    expectRefusal(
      await api.gql(POST, { reportId: report.id, body: 'x'.repeat(4001) }, token),
      'BAD_USER_INPUT',
      /body: must be at most 4000 characters/,
    );
    expectRefusal(await api.gql(POST, { reportId: 'nope', body: 'hello' }, token), 'BAD_USER_INPUT', /reportId must be a UUID/);
    expect(await messageCount()).toBe(before);
  });
});
