import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Clock } from '../../libs/platform/src/clock/clock';
import { MembershipTier, Role, Sector } from '../../libs/platform/src/vocabulary';
import { startSmtpReceiver } from '../alerts/alert-receivers';
import { QUIET_MS, sleep, startWorker, waitFor } from '../alerts/alert-test-kit';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectRefusal, signInAsBootstrapAdmin } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const SET = `mutation($type: IncidentType, $seconds: Int) { setIncidentFollowUpDeadline(incidentType: $type, followUpSeconds: $seconds) { incidentType followUpSeconds updatedAt } }`;
const SETTINGS = `query { incidentFollowUpDeadlines { incidentType followUpSeconds updatedAt } }`;
const OVERDUE = `query { overdueIncidentReports { incidentId reportId organisationName authorId incidentType submittedAt dueAt reminderStatus remindedAt } }`;
const SUBMIT = `mutation($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id incidentId submittedAt } }`;
const FOLLOW_UP = `mutation($incidentId: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $incidentId, input: $input) { id } }`;
const FOLLOW_UP_STATE = `query($id: ID!) { incidentReport(id: $id) { id followUp { dueAt overdue followedUp reminderStatus remindedAt } } }`;

const MINUTE = 60_000;

describe('follow-up deadlines, the overdue list and reminders (issue 6)', () => {
  let api: TestApp;
  let worker: INestApplication;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let secretariat: string;
  let offsetMs = 0;
  const tokens: Record<string, string> = {};
  const ids: Record<string, string> = {};
  const reports: Record<string, { id: string; incidentId: string; submittedAt: string }> = {};

  const mailsAbout = (incidentId: string) => smtp.mails.filter((mail) => mail.raw.includes(`X-Council-Incident: ${incidentId}`));
  const overdue = async () => (await api.gqlOk(OVERDUE, {}, secretariat)).overdueIncidentReports as Array<Record<string, any>>;
  const submit = async (name: string, token: string, fields: Record<string, unknown> = {}) => {
    const data = await api.gqlOk(
      SUBMIT,
      {
        input: {
          whatWasSeen: `Report ${name}: unusual outbound traffic`,
          detectedAt: new Date(Date.now() - 30 * MINUTE).toISOString(),
          affectedService: 'Payments',
          contact: 'soc@bank.test',
          ...fields,
        },
      },
      token,
    );
    reports[name] = data.submitIncidentReport;
  };

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    api = await startTestApp({ SMTP_URL: smtp.url, COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50', COUNCIL_INCIDENT_DEADLINE_CHECK_MS: '100' });
    worker = await startWorker();
    // Both processes read "now" from their Clock: the tests move it forward.
    for (const clock of [api.app.get(Clock), worker.get(Clock)]) clock.now = () => new Date(Date.now() + offsetMs);
    secretariat = (await signInAsBootstrapAdmin(api)).token;
    const ds = api.dataSource;
    const bank = await insertOrganisation(ds, { name: 'Deadline Bank', sectors: [Sector.FINANCE], tier: MembershipTier.CLASS_2 });
    const rail = await insertOrganisation(ds, { name: 'Other Rail', sectors: [Sector.RAILWAY] });
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1]) => {
      const row = await insertPerson(ds, { email: `${name.toLowerCase()}@deadline.test`, ...fields });
      ids[name] = row.id;
      tokens[name] = api.tokenFor(row.id);
    };
    await person('reporter', { organisationId: bank.id, roles: [Role.ANALYST] });
    await person('ciso', { organisationId: bank.id, roles: [Role.CISO] });
    await person('other', { organisationId: rail.id, roles: [Role.ORG_ADMIN] });
    await person('auditor', { roles: [Role.AUDITOR] });
    await person('lapsedSecretariat', { roles: [Role.SECRETARIAT], pledgeExpiresAt: new Date(Date.now() - 86_400_000) });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
  });

  it('refuses deadline settings and the overdue list to anyone but the secretariat, and bad values', async () => {
    for (const token of [tokens.reporter, tokens.ciso, tokens.other, tokens.auditor]) {
      expectRefusal(await api.gql(SET, { seconds: 3600 }, token), 'FORBIDDEN', /Only the secretariat sets follow-up deadlines/);
      expectRefusal(await api.gql(OVERDUE, {}, token), 'FORBIDDEN');
      expectRefusal(await api.gql(SETTINGS, {}, token), 'FORBIDDEN');
    }
    // Configuring is the secretariat's; listing reports by organisation needs its confidentiality pledge too.
    expectRefusal(await api.gql(OVERDUE, {}, tokens.lapsedSecretariat), 'FORBIDDEN', /valid confidentiality pledge/);
    expectRefusal(await api.gql(SET, { seconds: 10 }, secretariat), 'BAD_USER_INPUT', /followUpSeconds/);
    expectRefusal(await api.gql(SET, { seconds: 91 * 86_400 }, secretariat), 'BAD_USER_INPUT', /followUpSeconds/);
    expectRefusal(
      await api.gql(SET, { seconds: null }, secretariat),
      'BAD_USER_INPUT',
      /default follow-up time can be changed but not removed/,
    );
    expectRefusal(await api.gql(SET, { type: 'WORM', seconds: 600 }, secretariat), 'BAD_USER_INPUT');
    expect((await api.gqlOk(SETTINGS, {}, secretariat)).incidentFollowUpDeadlines).toEqual([
      { incidentType: null, followUpSeconds: 72 * 3600, updatedAt: null },
    ]);
  });

  it('the secretariat sets a default and a per-type follow-up time (audited)', async () => {
    await api.gqlOk(SET, { seconds: 3600 }, secretariat);
    await api.gqlOk(SET, { type: 'DDOS', seconds: 120 }, secretariat);
    await api.gqlOk(SET, { type: 'DDOS', seconds: null }, secretariat);
    const settings = (await api.gqlOk(SET, { type: 'RANSOMWARE', seconds: 600 }, secretariat)).setIncidentFollowUpDeadline;
    expect(settings.map((s: { incidentType: string | null; followUpSeconds: number }) => [s.incidentType, s.followUpSeconds])).toEqual([
      [null, 3600],
      ['RANSOMWARE', 600],
    ]);
    const audit = await api.dataSource.query(
      `SELECT subject_id, after FROM audit_log WHERE action = 'incident.follow-up-deadline.set' ORDER BY id`,
    );
    expect(
      audit.map((row: { subject_id: string; after: { followUpSeconds: number | null } }) => [row.subject_id, row.after.followUpSeconds]),
    ).toEqual([
      ['DEFAULT', 3600],
      ['DDOS', 120],
      ['DDOS', null],
      ['RANSOMWARE', 600],
    ]);
  });

  it('overdue incidents are listed and their reporters reminded once by e-mail; a followed-up incident never is', async () => {
    await submit('ransomware', tokens.reporter, { incidentType: 'RANSOMWARE' });
    await submit('untyped', tokens.ciso);
    await submit('prompt', tokens.reporter, { incidentType: 'RANSOMWARE' });
    await api.gqlOk(
      FOLLOW_UP,
      { incidentId: reports.prompt.incidentId, input: { stage: 'FOLLOW_UP', details: 'Contained' } },
      tokens.reporter,
    );

    const fresh = (await api.gqlOk(FOLLOW_UP_STATE, { id: reports.ransomware.id }, tokens.reporter)).incidentReport.followUp;
    expect(fresh).toMatchObject({ overdue: false, followedUp: false, reminderStatus: null, remindedAt: null });
    expect(new Date(fresh.dueAt).getTime()).toBe(new Date(reports.ransomware.submittedAt).getTime() + 600_000);
    expect(await overdue()).toEqual([]);

    offsetMs = 11 * MINUTE;
    const listed = await overdue();
    expect(listed.map((row) => row.incidentId)).toEqual([reports.ransomware.incidentId]);
    expect(listed[0]).toMatchObject({
      reportId: reports.ransomware.id,
      organisationName: 'Deadline Bank',
      authorId: ids.reporter,
      incidentType: 'RANSOMWARE',
    });
    await waitFor('the reminder of the ransomware incident', () => mailsAbout(reports.ransomware.incidentId).length > 0);
    const [mail] = mailsAbout(reports.ransomware.incidentId);
    expect(mail.to).toEqual(['reporter@deadline.test']);
    expect(mail.decoded).toContain('awaits a follow-up');
    expect(mail.decoded).not.toContain('unusual outbound traffic');
    expect(mailsAbout(reports.untyped.incidentId)).toHaveLength(0);

    offsetMs = 61 * MINUTE;
    expect((await overdue()).map((row) => row.incidentId)).toEqual([reports.ransomware.incidentId, reports.untyped.incidentId]);
    await waitFor('the reminder of the untyped incident', () => mailsAbout(reports.untyped.incidentId).length > 0);
    expect(mailsAbout(reports.untyped.incidentId)[0].to).toEqual(['ciso@deadline.test']);

    await sleep(800); // several deadline checks later
    expect(mailsAbout(reports.ransomware.incidentId)).toHaveLength(1);
    expect(mailsAbout(reports.untyped.incidentId)).toHaveLength(1);
    expect(mailsAbout(reports.prompt.incidentId)).toHaveLength(0);
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM incident_follow_up_reminders`);
    expect(n).toBe(2);

    const reminded = (await api.gqlOk(FOLLOW_UP_STATE, { id: reports.ransomware.id }, tokens.reporter)).incidentReport.followUp;
    expect(reminded).toMatchObject({ overdue: true, followedUp: false, reminderStatus: 'DELIVERED' });
    expect(reminded.remindedAt).not.toBeNull();
    expect((await overdue())[0]).toMatchObject({ reminderStatus: 'DELIVERED' });
    // Another member sees neither the report nor its deadline.
    expect((await api.gqlOk(FOLLOW_UP_STATE, { id: reports.ransomware.id }, tokens.other)).incidentReport).toBeNull();
  });

  it('a follow-up takes the incident off the overdue list, and no reminder follows it', async () => {
    await api.gqlOk(
      FOLLOW_UP,
      { incidentId: reports.ransomware.incidentId, input: { stage: 'FOLLOW_UP', details: 'Restoring from backup' } },
      tokens.reporter,
    );
    expect((await overdue()).map((row) => row.incidentId)).toEqual([reports.untyped.incidentId]);
    const state = (await api.gqlOk(FOLLOW_UP_STATE, { id: reports.ransomware.id }, tokens.reporter)).incidentReport.followUp;
    expect(state).toMatchObject({ overdue: false, followedUp: true });
    offsetMs = 5 * 86_400_000;
    await sleep(QUIET_MS);
    expect(mailsAbout(reports.ransomware.incidentId)).toHaveLength(1);
  });

  it('a reminder written just before a follow-up arrived is cancelled, not sent', async () => {
    offsetMs = 0;
    await submit('race', tokens.reporter, { incidentType: 'RANSOMWARE' });
    await api.gqlOk(FOLLOW_UP, { incidentId: reports.race.incidentId, input: { stage: 'FINAL', details: 'False alarm' } }, tokens.reporter);
    // As if the deadline check had written it a moment before the follow-up committed.
    const [row] = await api.dataSource.query(
      `INSERT INTO incident_follow_up_reminders (incident_id, report_id, person_id, due_at, status, created_at)
       VALUES ($1, $2, $3, now(), 'PENDING', now()) RETURNING id`,
      [reports.race.incidentId, reports.race.id, ids.reporter],
    );
    await waitFor('the reminder to be settled', async () => {
      const [reminder] = await api.dataSource.query(`SELECT status FROM incident_follow_up_reminders WHERE id = $1`, [row.id]);
      return reminder.status !== 'PENDING';
    });
    const [reminder] = await api.dataSource.query(`SELECT status, last_error FROM incident_follow_up_reminders WHERE id = $1`, [row.id]);
    expect(reminder).toEqual({ status: 'CANCELLED', last_error: 'a follow-up report arrived before the reminder went out' });
    expect(mailsAbout(reports.race.incidentId)).toHaveLength(0);
  });
});
