import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as openpgp from 'openpgp';
import { SigningSecrets } from '../../libs/alerts/src/channels/signing-secret';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { ReportingAuthorityService } from '../../libs/incidents/src/authorities/reporting-authority.service';
import { Clock } from '../../libs/platform/src/clock/clock';
import { COUNCIL_CONFIG, type CouncilConfig } from '../../libs/platform/src/config/council-config';
import { MembershipTier, ReportingAuthorityKind, ReportingChannelKind, Role, Sector } from '../../libs/platform/src/vocabulary';
import { startSmtpReceiver, startWebhookReceiver, type ReceivedWebhook } from '../alerts/alert-receivers';
import { expectSignedWith, QUIET_MS, sleep, startWorker, waitFor } from '../alerts/alert-test-kit';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { expectRefusal, signInAsBootstrapAdmin } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const AUTHORITY_FIELDS = `id nameJa nameEn kind requiresReporterConsent active channelKind target routingRules { sectors incidentTypes personalData }`;
const CREATE = `mutation($input: CreateReportingAuthorityInput!) { createReportingAuthority(input: $input) { authority { ${AUTHORITY_FIELDS} } signingSecret } }`;
const UPDATE = `mutation($id: ID!, $input: UpdateReportingAuthorityInput!) { updateReportingAuthority(id: $id, input: $input) { authority { ${AUTHORITY_FIELDS} } signingSecret } }`;
const DEACTIVATE = `mutation($id: ID!) { deactivateReportingAuthority(id: $id) { id active } }`;
const LIST = `query($all: Boolean) { reportingAuthorities(includeInactive: $all) { ${AUTHORITY_FIELDS} } }`;
const DELIVERY_FIELDS = `id reportId stage authorityId authorityNameEn authorityKind channelKind reason status attempts lastError deliveredAt`;
const SUBMIT = `mutation($input: SubmitIncidentReportInput!) { submitIncidentReport(input: $input) { id incidentId stage } }`;
const FOLLOW_UP = `mutation($incidentId: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $incidentId, input: $input) { id stage } }`;
const REPORT = `query($id: ID!) { incidentReport(id: $id) { id deliveries { ${DELIVERY_FIELDS} } } }`;
const FAILED = `query { failedIncidentDeliveries { ${DELIVERY_FIELDS} } }`;
const RETRY = `mutation($id: ID!) { retryIncidentDelivery(id: $id) { ${DELIVERY_FIELDS} } }`;

const firstReport = (fields: Record<string, unknown> = {}) => ({
  whatWasSeen: 'Ransom note on the branch file servers',
  detectedAt: new Date(Date.now() - 3_600_000).toISOString(),
  affectedService: 'Online banking',
  contact: 'SOC desk +81-3-0000-0000',
  ...fields,
});

interface Delivery {
  id: string;
  reportId: string;
  stage: string;
  authorityId: string;
  authorityNameEn: string;
  authorityKind: string;
  channelKind: string | null;
  reason: string;
  status: string;
  attempts: number;
  lastError: string | null;
  deliveredAt: string | null;
}

describe('one window: reporting authorities, routing and deliveries (issue 6)', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let secretariat: string;
  const tokens: Record<string, string> = {};
  const authorities: Record<string, { id: string; secret: string | null }> = {};
  const orgName = 'Sakura Bank';

  const hooksFor = (path: string): ReceivedWebhook[] => hooks.received.filter((hook) => hook.path === path && hook.status < 300);
  const deliveriesOf = async (reportId: string, token: string): Promise<Delivery[] | null> => {
    const data = await api.gqlOk(REPORT, { id: reportId }, token);
    return data.incidentReport ? data.incidentReport.deliveries : null;
  };
  const settled = (reportId: string, count: number) =>
    waitFor(`${count} settled deliveries of ${reportId}`, async () => {
      const list = (await deliveriesOf(reportId, secretariat)) ?? [];
      return list.length === count && list.every((d) => d.status !== 'PENDING');
    });
  const create = async (input: Record<string, unknown>) => {
    const data = await api.gqlOk(CREATE, { input }, secretariat);
    return {
      id: data.createReportingAuthority.authority.id as string,
      secret: data.createReportingAuthority.signingSecret as string | null,
    };
  };

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '3',
      COUNCIL_ALERT_RECONCILE_INTERVAL_MS: '200',
      COUNCIL_ALERT_RECONCILE_AFTER_MS: '0',
    });
    worker = await startWorker();
    secretariat = (await signInAsBootstrapAdmin(api)).token;
    const ds = api.dataSource;
    const bank = await insertOrganisation(ds, { name: orgName, sectors: [Sector.FINANCE], tier: MembershipTier.CLASS_1 });
    const rail = await insertOrganisation(ds, { name: 'Other Rail', sectors: [Sector.RAILWAY] });
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1]) => {
      tokens[name] = api.tokenFor((await insertPerson(ds, { displayName: name, ...fields })).id);
    };
    await person('reporter', { organisationId: bank.id, roles: [Role.ANALYST], email: 'reporter@bank.test' });
    await person('ciso', { organisationId: bank.id, roles: [Role.CISO] });
    await person('colleague', { organisationId: bank.id, roles: [Role.ANALYST] });
    await person('otherAdmin', { organisationId: rail.id, roles: [Role.ORG_ADMIN, Role.CISO] });
    await person('auditor', { roles: [Role.AUDITOR] });

    authorities.fsa = await create({
      nameJa: '金融庁',
      nameEn: 'Financial Services Agency',
      kind: 'SECTOR_MINISTRY',
      channelKind: 'WEBHOOK',
      target: `${hooks.url}/ok/fsa`,
      routingRules: [{ sectors: ['FINANCE', 'CREDIT_CARD'] }],
    });
    authorities.mlit = await create({
      nameJa: '国土交通省',
      nameEn: 'MLIT',
      kind: 'SECTOR_MINISTRY',
      channelKind: 'WEBHOOK',
      target: `${hooks.url}/ok/mlit`,
      routingRules: [{ sectors: ['RAILWAY', 'AVIATION'] }],
    });
    authorities.ppc = await create({
      nameJa: '個人情報保護委員会',
      nameEn: 'Personal Information Protection Commission',
      kind: 'DATA_PROTECTION',
      channelKind: 'EMAIL',
      target: 'Breach@PPC.test',
      routingRules: [{ personalData: 'INVOLVED' }],
    });
    authorities.npa = await create({
      nameJa: '警察庁',
      nameEn: 'National Police Agency',
      kind: 'POLICE',
      channelKind: 'WEBHOOK',
      target: `${hooks.url}/ok/npa`,
      routingRules: [{}],
    });
    authorities.nco = await create({
      nameJa: '国家サイバー統括室',
      nameEn: 'National Cybersecurity Office',
      kind: 'NCO',
      channelKind: 'WEBHOOK',
      target: `${hooks.url}/ok/nco`,
      routingRules: [{ incidentTypes: ['DDOS'] }],
    });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
    await smtp?.close();
  });

  it('the secretariat creates authorities: a webhook gets a signing secret once, e-mail addresses are normalised, the police always need consent', async () => {
    const all = (await api.gqlOk(LIST, { all: true }, secretariat)).reportingAuthorities;
    expect(all).toHaveLength(5);
    const npa = all.find((a: { id: string }) => a.id === authorities.npa.id);
    expect(npa).toMatchObject({
      kind: 'POLICE',
      requiresReporterConsent: true,
      channelKind: 'WEBHOOK',
      routingRules: [{ sectors: [], incidentTypes: [], personalData: 'ANY' }],
    });
    expect(authorities.fsa.secret).toMatch(/^whsec_/);
    expect(authorities.ppc.secret).toBeNull();
    expect(all.find((a: { id: string }) => a.id === authorities.ppc.id).target).toBe('breach@ppc.test');
    const [row] = await api.dataSource.query(`SELECT signing_secret_sealed FROM reporting_authorities WHERE id = $1`, [authorities.fsa.id]);
    expect(row.signing_secret_sealed).not.toContain(authorities.fsa.secret);
    const [audit] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'reporting-authority.created'`);
    expect(audit.n).toBe(5);
  });

  let firstId: string;
  let incidentId: string;

  it('a FIRST report without personal data or consent reaches exactly the sector ministry, once, signed; the reporter sees the status', async () => {
    const data = await api.gqlOk(
      SUBMIT,
      { input: firstReport({ incidentType: 'RANSOMWARE', personalDataInvolved: false }) },
      tokens.reporter,
    );
    firstId = data.submitIncidentReport.id;
    incidentId = data.submitIncidentReport.incidentId;
    await settled(firstId, 1);
    const deliveries = (await deliveriesOf(firstId, tokens.reporter)) as Delivery[];
    expect(deliveries).toEqual([
      expect.objectContaining({
        authorityId: authorities.fsa.id,
        authorityKind: 'SECTOR_MINISTRY',
        stage: 'FIRST',
        reason: 'RULE',
        status: 'DELIVERED',
        attempts: 1,
        lastError: null,
        channelKind: null,
      }),
    ]);
    const received = hooksFor('/ok/fsa');
    expect(received).toHaveLength(1);
    expectSignedWith(received[0], authorities.fsa.secret as string);
    expect(received[0].headers['x-council-delivery']).toBe(deliveries[0].id);
    const body = JSON.parse(received[0].body);
    expect(body).toMatchObject({
      deliveryId: deliveries[0].id,
      event: 'incident.report.submitted',
      authority: { id: authorities.fsa.id, kind: 'SECTOR_MINISTRY' },
      incidentId,
      reportId: firstId,
      stage: 'FIRST',
      sequence: 1,
      report: {
        whatWasSeen: 'Ransom note on the branch file servers',
        affectedService: 'Online banking',
        incidentType: 'RANSOMWARE',
        personalDataInvolved: false,
      },
      reporter: { organisation: { name: orgName, sectors: ['FINANCE'] }, contact: 'SOC desk +81-3-0000-0000' },
    });
    // The author's account is not part of what an authority receives, nor where else the report went.
    expect(received[0].body).not.toContain('reporter@bank.test');
    expect(received[0].body).not.toMatch(/authorId|permittedAuthorityIds|consentToPolice/);
    expect(hooksFor('/ok/npa')).toHaveLength(0);
    expect(hooksFor('/ok/mlit')).toHaveLength(0);
    expect(smtp.mails).toHaveLength(0);
  });

  it('a FOLLOW_UP with personal data and consent also reaches the data-protection commission (e-mail) and the police, each once, with new delivery ids', async () => {
    const data = await api.gqlOk(
      FOLLOW_UP,
      {
        incidentId,
        input: { stage: 'FOLLOW_UP', personalDataInvolved: true, consentToPolice: true, details: 'Customer records were copied out' },
      },
      tokens.ciso,
    );
    const followUpId = data.submitIncidentFollowUp.id;
    await settled(followUpId, 3);
    const deliveries = (await deliveriesOf(followUpId, tokens.reporter)) as Delivery[];
    const byAuthority = Object.fromEntries(deliveries.map((d) => [d.authorityId, d]));
    expect(Object.keys(byAuthority).sort()).toEqual([authorities.fsa.id, authorities.ppc.id, authorities.npa.id].sort());
    expect(deliveries.every((d) => d.status === 'DELIVERED' && d.stage === 'FOLLOW_UP')).toBe(true);
    expect(byAuthority[authorities.ppc.id].reason).toBe('RULE');
    const firstDeliveries = (await deliveriesOf(firstId, tokens.reporter)) as Delivery[];
    expect(deliveries.map((d) => d.id)).not.toContain(firstDeliveries[0].id);

    expect(hooksFor('/ok/fsa')).toHaveLength(2);
    const police = hooksFor('/ok/npa');
    expect(police).toHaveLength(1);
    expectSignedWith(police[0], authorities.npa.secret as string);
    expect(JSON.parse(police[0].body)).toMatchObject({
      stage: 'FOLLOW_UP',
      sequence: 2,
      report: { personalDataInvolved: true, details: 'Customer records were copied out' },
    });
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0].to).toEqual(['breach@ppc.test']);
    expect(smtp.mails[0].decoded).toContain('Customer records were copied out');
    expect(smtp.mails[0].decoded).toContain(`Delivery ${byAuthority[authorities.ppc.id].id}`);
    expect(hooksFor('/ok/mlit')).toHaveLength(0);

    const [routed] = await api.dataSource.query(`SELECT after FROM audit_log WHERE action = 'incident.report.routed' AND subject_id = $1`, [
      followUpId,
    ]);
    expect(routed.after.deliveredTo).toHaveLength(3);
  });

  it('a report from another sector without consent: its ministry only, never the police', async () => {
    const ds = api.dataSource;
    const railOrg = await insertOrganisation(ds, { sectors: [Sector.RAILWAY] });
    const railReporter = api.tokenFor((await insertPerson(ds, { organisationId: railOrg.id, roles: [Role.CISO] })).id);
    const data = await api.gqlOk(SUBMIT, { input: firstReport({ incidentType: 'INTRUSION' }) }, railReporter);
    await settled(data.submitIncidentReport.id, 1);
    const [only] = (await deliveriesOf(data.submitIncidentReport.id, railReporter)) as Delivery[];
    expect(only.authorityId).toBe(authorities.mlit.id);
    expect(hooksFor('/ok/npa')).toHaveLength(1);
  });

  it('deliveries are visible to the author, the CISO and the secretariat, and to no other member', async () => {
    expect(await deliveriesOf(firstId, tokens.ciso)).toHaveLength(1);
    const secretariatView = (await deliveriesOf(firstId, secretariat)) as Delivery[];
    expect(secretariatView[0].channelKind).toBe('WEBHOOK');
    expect(await deliveriesOf(firstId, tokens.colleague)).toBeNull();
    expect(await deliveriesOf(firstId, tokens.otherAdmin)).toBeNull();
    expect(await deliveriesOf(firstId, tokens.auditor)).toBeNull();
    const failed = await api.gql(FAILED, {}, tokens.otherAdmin);
    expectRefusal(failed, 'FORBIDDEN');
  });

  it('failures are retried with backoff, then FAILED and visible; only the secretariat retries, with the same delivery id', async () => {
    hooks.failing.add('/ok/nco');
    const data = await api.gqlOk(SUBMIT, { input: firstReport({ incidentType: 'DDOS' }) }, tokens.reporter);
    const reportId = data.submitIncidentReport.id;
    await settled(reportId, 2);
    const mine = (await deliveriesOf(reportId, tokens.reporter)) as Delivery[];
    const nco = mine.find((d) => d.authorityId === authorities.nco.id) as Delivery;
    expect(nco).toMatchObject({ status: 'FAILED', attempts: 3, lastError: 'receiver answered HTTP 503' });
    expect(hooks.received.filter((h) => h.path === '/ok/nco')).toHaveLength(3);
    expect(new Set(hooks.received.filter((h) => h.path === '/ok/nco').map((h) => h.headers['x-council-delivery']))).toEqual(
      new Set([nco.id]),
    );
    const failed = (await api.gqlOk(FAILED, {}, secretariat)).failedIncidentDeliveries as Delivery[];
    expect(failed.map((d) => d.id)).toContain(nco.id);

    expectRefusal(await api.gql(RETRY, { id: nco.id }, tokens.reporter), 'FORBIDDEN');
    const delivered = (await deliveriesOf(reportId, tokens.reporter))!.find((d) => d.authorityId === authorities.fsa.id) as Delivery;
    expectRefusal(await api.gql(RETRY, { id: delivered.id }, secretariat), 'CONFLICT', /Only a FAILED delivery/);
    expectRefusal(await api.gql(RETRY, { id: '00000000-0000-4000-8000-000000000000' }, secretariat), 'NOT_FOUND');
    expectRefusal(await api.gql(RETRY, { id: 'nope' }, secretariat), 'BAD_USER_INPUT');

    hooks.failing.delete('/ok/nco');
    const retried = (await api.gqlOk(RETRY, { id: nco.id }, secretariat)).retryIncidentDelivery;
    expect(retried).toMatchObject({ id: nco.id, status: 'PENDING' });
    await settled(reportId, 2);
    const after = (await deliveriesOf(reportId, tokens.reporter))!.find((d) => d.id === nco.id) as Delivery;
    expect(after).toMatchObject({ status: 'DELIVERED', attempts: 4 });
    const ok = hooks.received.filter((h) => h.path === '/ok/nco' && h.status < 300);
    expect(ok).toHaveLength(1);
    expect(ok[0].headers['x-council-delivery']).toBe(nco.id);
    const [audit] = await api.dataSource.query(
      `SELECT actor_id FROM audit_log WHERE action = 'incident.delivery.retried' AND subject_id = $1`,
      [nco.id],
    );
    expect(audit).toBeDefined();
  });

  it('members list the active authorities without channels or rules; a deactivated authority receives nothing new, not even follow-ups', async () => {
    const extra = await create({
      nameJa: '臨時',
      nameEn: 'Temporary',
      kind: 'OTHER',
      channelKind: 'WEBHOOK',
      target: `${hooks.url}/ok/temp`,
      routingRules: [],
    });
    const first = await api.gqlOk(SUBMIT, { input: firstReport({ permittedAuthorityIds: [extra.id] }) }, tokens.reporter);
    await settled(first.submitIncidentReport.id, 2);
    expect(hooksFor('/ok/temp')).toHaveLength(1);

    await api.gqlOk(DEACTIVATE, { id: extra.id }, secretariat);
    const seen = (await api.gqlOk(LIST, { all: true }, tokens.reporter)).reportingAuthorities;
    expect(seen.map((a: { id: string }) => a.id)).not.toContain(extra.id);
    expect(seen).toHaveLength(5);
    for (const authority of seen) expect(authority).toMatchObject({ channelKind: null, target: null, routingRules: null, active: true });
    expect((await api.gqlOk(LIST, { all: true }, secretariat)).reportingAuthorities).toHaveLength(6);

    const followUp = await api.gqlOk(
      FOLLOW_UP,
      { incidentId: first.submitIncidentReport.incidentId, input: { stage: 'FINAL', details: 'Closed' } },
      tokens.reporter,
    );
    await settled(followUp.submitIncidentFollowUp.id, 1);
    await sleep(QUIET_MS);
    expect(hooksFor('/ok/temp')).toHaveLength(1);
    expectRefusal(await api.gql(LIST, {}, tokens.auditor), 'FORBIDDEN');
  });

  it('a reporter names an authority no rule requires: it receives the report (reason PERMITTED)', async () => {
    const data = await api.gqlOk(
      SUBMIT,
      { input: firstReport({ incidentType: 'PHISHING', permittedAuthorityIds: [authorities.nco.id] }) },
      tokens.reporter,
    );
    await settled(data.submitIncidentReport.id, 2);
    const list = (await deliveriesOf(data.submitIncidentReport.id, tokens.reporter)) as Delivery[];
    expect(list.find((d) => d.authorityId === authorities.nco.id)?.reason).toBe('PERMITTED');
  });

  it('refuses configuration by anyone but the secretariat, and invalid channels, rules and names', async () => {
    const input = { nameJa: '庁', nameEn: 'Agency', kind: 'OTHER', channelKind: 'WEBHOOK', target: `${hooks.url}/ok/x`, routingRules: [] };
    const before = (await api.dataSource.query(`SELECT count(*)::int AS n FROM reporting_authorities`))[0].n;
    expectRefusal(await api.gql(CREATE, { input }, tokens.ciso), 'FORBIDDEN', /Only the secretariat configures reporting authorities/);
    expectRefusal(await api.gql(CREATE, { input }, tokens.auditor), 'FORBIDDEN');
    expectRefusal(await api.gql(UPDATE, { id: authorities.fsa.id, input: { nameEn: 'Hijacked' } }, tokens.otherAdmin), 'FORBIDDEN');
    expectRefusal(await api.gql(DEACTIVATE, { id: authorities.fsa.id }, tokens.reporter), 'FORBIDDEN');
    expectRefusal(await api.gql(CREATE, { input: { ...input, target: 'not a url' } }, secretariat), 'BAD_USER_INPUT', /absolute URL/);
    expectRefusal(
      await api.gql(CREATE, { input: { ...input, target: 'ftp://files.example.org/drop' } }, secretariat),
      'BAD_USER_INPUT',
      /https/,
    );
    expectRefusal(
      await api.gql(CREATE, { input: { ...input, target: 'https://user:pw@example.org/hook' } }, secretariat),
      'BAD_USER_INPUT',
      /user name or password/,
    );
    expectRefusal(
      await api.gql(CREATE, { input: { ...input, channelKind: 'EMAIL', target: 'not-an-address' } }, secretariat),
      'BAD_USER_INPUT',
      /e-mail address/,
    );
    expectRefusal(
      await api.gql(CREATE, { input: { ...input, kind: 'POLICE', requiresReporterConsent: false } }, secretariat),
      'BAD_USER_INPUT',
      /POLICE authority always requires/,
    );
    expectRefusal(await api.gql(CREATE, { input: { ...input, nameEn: '   ' } }, secretariat), 'BAD_USER_INPUT', /nameEn/);
    expectRefusal(await api.gql(CREATE, { input: { ...input, routingRules: [{ sectors: ['NUCLEAR'] }] } }, secretariat), 'BAD_USER_INPUT');
    expectRefusal(await api.gql(UPDATE, { id: '00000000-0000-4000-8000-000000000000', input: { nameEn: 'x' } }, secretariat), 'NOT_FOUND');
    expect((await api.dataSource.query(`SELECT count(*)::int AS n FROM reporting_authorities`))[0].n).toBe(before);
  });

  it('refuses webhook targets inside the secretariat network when insecure webhooks are not allowed (SSRF)', async () => {
    const strict = new ReportingAuthorityService(
      api.dataSource,
      { ...api.app.get<CouncilConfig>(COUNCIL_CONFIG), allowInsecureWebhooks: false },
      api.app.get(SigningSecrets),
      api.app.get(AuditLogService),
      api.app.get(Clock),
    );
    const admin = await api.dataSource.query(`SELECT id FROM persons WHERE 'SECRETARIAT' = ANY(roles) LIMIT 1`);
    const reader = {
      id: admin[0].id,
      active: true,
      roles: [Role.SECRETARIAT],
      individualTier: null,
      pledgeExpiresAt: new Date(Date.now() + 86_400_000),
      clearanceLevel: 'NONE',
      clearanceExpiresAt: null,
      clearanceSuspended: false,
      organisation: null,
    } as never;
    const input = {
      nameJa: '庁',
      nameEn: 'Agency',
      kind: ReportingAuthorityKind.OTHER,
      channelKind: ReportingChannelKind.WEBHOOK,
      routingRules: [],
    };
    for (const target of [
      'https://127.0.0.1/hook',
      'https://10.1.2.3/hook',
      'https://[::1]/hook',
      'https://169.254.169.254/latest',
      'http://example.org/hook',
    ]) {
      await expect(strict.create(reader, { ...input, target })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    }
  });

  it('updates are audited; a new webhook target keeps the secret unless rotated', async () => {
    const moved = (await api.gqlOk(UPDATE, { id: authorities.mlit.id, input: { target: `${hooks.url}/ok/mlit2` } }, secretariat))
      .updateReportingAuthority;
    expect(moved).toMatchObject({ authority: { target: `${hooks.url}/ok/mlit2` }, signingSecret: null });
    const rotated = (await api.gqlOk(UPDATE, { id: authorities.mlit.id, input: { rotateSigningSecret: true } }, secretariat))
      .updateReportingAuthority;
    expect(rotated.signingSecret).toMatch(/^whsec_/);
    expectRefusal(
      await api.gql(UPDATE, { id: authorities.ppc.id, input: { rotateSigningSecret: true } }, secretariat),
      'BAD_USER_INPUT',
      /no signing secret/,
    );
    expectRefusal(
      await api.gql(UPDATE, { id: authorities.mlit.id, input: { channelKind: 'EMAIL' } }, secretariat),
      'BAD_USER_INPUT',
      /needs its target/,
    );
    expectRefusal(
      await api.gql(UPDATE, { id: authorities.npa.id, input: { requiresReporterConsent: false } }, secretariat),
      'BAD_USER_INPUT',
      /POLICE/,
    );
    const entries = await api.dataSource.query(
      `SELECT after FROM audit_log WHERE action = 'reporting-authority.updated' AND subject_id = $1 ORDER BY id`,
      [authorities.mlit.id],
    );
    expect(entries).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toMatch(/whsec_|signingSecretSealed/);
  });

  it('loses nothing when no worker runs at commit, or when Redis loses a dispatched job', async () => {
    await worker.close();
    const before = hooksFor('/ok/fsa').length;
    const first = await api.gqlOk(SUBMIT, { input: firstReport() }, tokens.reporter);
    const second = await api.gqlOk(SUBMIT, { input: firstReport() }, tokens.reporter);
    // The second one was "dispatched" by a relay whose job then vanished with Redis.
    await api.dataSource.query(`UPDATE incident_deliveries SET dispatched_at = now() - interval '1 hour' WHERE report_id = $1`, [
      second.submitIncidentReport.id,
    ]);
    await sleep(QUIET_MS);
    expect(hooksFor('/ok/fsa')).toHaveLength(before);
    worker = await startWorker();
    await settled(first.submitIncidentReport.id, 1);
    await settled(second.submitIncidentReport.id, 1);
    await sleep(QUIET_MS);
    const received = hooksFor('/ok/fsa')
      .slice(before)
      .map((hook) => JSON.parse(hook.body).reportId);
    expect(received.sort()).toEqual([first.submitIncidentReport.id, second.submitIncidentReport.id].sort());
  });

  describe('consent to the police (issue 13): naming the police or an earlier report never stands in for it', () => {
    /** The report's deliveries once none is PENDING any more (however many routing made). */
    const settledDeliveries = async (reportId: string): Promise<Delivery[]> => {
      let list: Delivery[] = [];
      await waitFor(`settled deliveries of ${reportId}`, async () => {
        list = (await deliveriesOf(reportId, secretariat)) ?? [];
        return list.length > 0 && list.every((d) => d.status !== 'PENDING');
      });
      return list;
    };
    const routedTo = async (reportId: string) => {
      const [routed] = await api.dataSource.query(
        `SELECT after FROM audit_log WHERE action = 'incident.report.routed' AND subject_id = $1`,
        [reportId],
      );
      return routed.after as { deliveredTo: Array<{ authorityId: string }>; withheld: Array<{ authorityId: string; reason: string }> };
    };

    it('a FIRST report that refuses consent does not reach the police, even when it names the police among the permitted authorities', async () => {
      const before = hooksFor('/ok/npa').length;
      const data = await api.gqlOk(
        SUBMIT,
        { input: firstReport({ incidentType: 'RANSOMWARE', consentToPolice: false, permittedAuthorityIds: [authorities.npa.id] }) },
        tokens.reporter,
      );
      const reportId = data.submitIncidentReport.id;
      const deliveries = await settledDeliveries(reportId);
      expect(deliveries.map((d) => d.authorityId)).toEqual([authorities.fsa.id]);
      expect((await routedTo(reportId)).withheld).toEqual([{ authorityId: authorities.npa.id, reason: 'NO_CONSENT' }]);
      await sleep(QUIET_MS);
      expect(hooksFor('/ok/npa')).toHaveLength(before);
    });

    it('consent given on the FIRST report and withdrawn by a FOLLOW_UP: the follow-up does not reach the police, nor does a later one that leaves consent out', async () => {
      const before = hooksFor('/ok/npa').length;
      const first = await api.gqlOk(
        SUBMIT,
        { input: firstReport({ incidentType: 'RANSOMWARE', consentToPolice: true, permittedAuthorityIds: [authorities.npa.id] }) },
        tokens.reporter,
      );
      const firstDeliveries = await settledDeliveries(first.submitIncidentReport.id);
      expect(firstDeliveries.find((d) => d.authorityId === authorities.npa.id)).toMatchObject({ status: 'DELIVERED', reason: 'RULE' });
      expect(hooksFor('/ok/npa')).toHaveLength(before + 1);

      const incident = first.submitIncidentReport.incidentId;
      const withdrawn = await api.gqlOk(
        FOLLOW_UP,
        { incidentId: incident, input: { stage: 'FOLLOW_UP', consentToPolice: false, details: 'No police, please' } },
        tokens.reporter,
      );
      const followUpDeliveries = await settledDeliveries(withdrawn.submitIncidentFollowUp.id);
      expect(followUpDeliveries.map((d) => d.authorityId)).toEqual([authorities.fsa.id]);
      expect((await routedTo(withdrawn.submitIncidentFollowUp.id)).withheld).toEqual([
        { authorityId: authorities.npa.id, reason: 'NO_CONSENT' },
      ]);

      // Left out, consent stays as the previous report had it: withdrawn.
      const later = await api.gqlOk(
        FOLLOW_UP,
        { incidentId: incident, input: { stage: 'FOLLOW_UP', details: 'Restored from backup' } },
        tokens.reporter,
      );
      expect((await settledDeliveries(later.submitIncidentFollowUp.id)).map((d) => d.authorityId)).toEqual([authorities.fsa.id]);
      await sleep(QUIET_MS);
      expect(hooksFor('/ok/npa')).toHaveLength(before + 1);
    });

    it('a delivery to the police not yet sent when consent is withdrawn is cancelled at send time, and cannot be retried', async () => {
      const before = hooksFor('/ok/npa').length;
      await worker.close();
      const first = await api.gqlOk(SUBMIT, { input: firstReport({ incidentType: 'RANSOMWARE', consentToPolice: true }) }, tokens.reporter);
      const reportId = first.submitIncidentReport.id;
      const pending = (await deliveriesOf(reportId, secretariat)) as Delivery[];
      expect(pending.map((d) => [d.authorityId, d.status]).sort()).toEqual(
        [
          [authorities.fsa.id, 'PENDING'],
          [authorities.npa.id, 'PENDING'],
        ].sort(),
      );
      await api.gqlOk(
        FOLLOW_UP,
        { incidentId: first.submitIncidentReport.incidentId, input: { stage: 'FOLLOW_UP', consentToPolice: false } },
        tokens.reporter,
      );
      worker = await startWorker();

      const deliveries = await settledDeliveries(reportId);
      const police = deliveries.find((d) => d.authorityId === authorities.npa.id) as Delivery;
      expect(police).toMatchObject({ status: 'CANCELLED', deliveredAt: null });
      expect(police.lastError).toMatch(/withdrew consent/);
      expect(deliveries.find((d) => d.authorityId === authorities.fsa.id)?.status).toBe('DELIVERED');
      // The reporter's side reads why, as recorded.
      const reporterView = (await deliveriesOf(reportId, tokens.reporter)) as Delivery[];
      expect(reporterView.find((d) => d.id === police.id)?.lastError).toBe(police.lastError);
      expectRefusal(await api.gql(RETRY, { id: police.id }, secretariat), 'CONFLICT', /Only a FAILED delivery/);
      await sleep(QUIET_MS);
      expect(hooksFor('/ok/npa')).toHaveLength(before);
    });
  });

  it('an EMAIL authority with an OpenPGP key receives its reports encrypted, never in plaintext', async () => {
    const keyPair = await openpgp.generateKey({ userIDs: [{ name: 'CSIRT', email: 'csirt@keyed.test' }], format: 'armored' });
    const input = {
      nameJa: '暗号',
      nameEn: 'Keyed CSIRT',
      kind: 'OTHER',
      channelKind: 'EMAIL',
      target: 'csirt@keyed.test',
      routingRules: [{ incidentTypes: ['MALWARE'] }],
    };
    expectRefusal(
      await api.gql(CREATE, { input: { ...input, openPgpPublicKey: keyPair.privateKey } }, secretariat),
      'BAD_USER_INPUT',
      /openPgpPublicKey: This is a private key/,
    );
    expectRefusal(
      await api.gql(
        CREATE,
        { input: { ...input, channelKind: 'WEBHOOK', target: `${hooks.url}/ok/k`, openPgpPublicKey: keyPair.publicKey } },
        secretariat,
      ),
      'BAD_USER_INPUT',
      /only an EMAIL authority takes an OpenPGP key/,
    );
    const keyed = (
      await api.gqlOk(
        CREATE.replace('signingSecret', 'signingSecret authority { openPgpFingerprint }'),
        { input: { ...input, openPgpPublicKey: keyPair.publicKey } },
        secretariat,
      )
    ).createReportingAuthority;
    expect(keyed.authority.openPgpFingerprint).toBe(
      (await openpgp.readKey({ armoredKey: keyPair.publicKey })).getFingerprint().toUpperCase(),
    );

    const data = await api.gqlOk(
      SUBMIT,
      { input: firstReport({ incidentType: 'MALWARE', whatWasSeen: 'PGP-INCIDENT-MARKER beaconing' }) },
      tokens.reporter,
    );
    await settled(data.submitIncidentReport.id, 2);
    const mails = smtp.mails.filter((mail) => mail.to.includes('csirt@keyed.test'));
    expect(mails).toHaveLength(1);
    expect(mails[0].raw).toContain('multipart/encrypted');
    expect(mails[0].decoded).not.toContain('PGP-INCIDENT-MARKER');
    const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(mails[0].raw)?.[0] as string;
    const { data: entity } = await openpgp.decrypt({
      message: await openpgp.readMessage({ armoredMessage: armored }),
      decryptionKeys: await openpgp.readPrivateKey({ armoredKey: keyPair.privateKey }),
    });
    const [, body] = String(entity).split(/\r?\n\r?\n/, 2);
    const text = Buffer.from(String(entity).slice(String(entity).indexOf(body)).replace(/\s+/g, ''), 'base64').toString('utf8');
    expect(text).toContain('PGP-INCIDENT-MARKER beaconing');
  });
});
