import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Role } from '../../libs/platform/src/vocabulary';
import { insertPerson } from '../support/council-fixtures';
import { expectRefusal } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { incidentCouncil, submitFirst, type IncidentCouncil } from './incident-council';

const CREATE_CAMPAIGN = `mutation($input: CreateIncidentCampaignInput!) { createIncidentCampaign(input: $input) { id name description createdById } }`;
const LINK = `mutation($campaignId: ID!, $reportIds: [ID!]!) { linkIncidentReports(campaignId: $campaignId, reportIds: $reportIds) { id reports { id organisationId } } }`;
const UNLINK = `mutation($campaignId: ID!, $reportIds: [ID!]!) { unlinkIncidentReports(campaignId: $campaignId, reportIds: $reportIds) { id reports { id } } }`;
const CAMPAIGNS = `{ incidentCampaigns { id name reports { id } } }`;
const BY_CAMPAIGN = `query($campaignId: ID!) { incidentReports(filter: { campaignId: $campaignId }) { totalCount edges { node { id } } } }`;
const DERIVE = `mutation($input: DeriveAdvisoryDraftInput!) { deriveAdvisoryDraftFromReports(input: $input) { id status access title originator { id } } }`;
const LED_TO = `query($id: ID!) { incidentReport(id: $id) { id ledToAdvisories { id status title } } }`;
const ADVISORY = `query($id: ID!) { advisory(id: $id) { id status access title summary body originator { id name } audience { organisationIds } } }`;

function draftInput(reportIds: string[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    reportIds,
    severity: 'HIGH',
    full: {
      classification: 'UNCLASSIFIED',
      tlp: 'GREEN',
      title: 'Ransomware campaign against retail banking',
      summary: 'Several members report ransomware entering through unpatched VPN appliances.',
      body: 'Patch the VPN appliances; watch for the indicators below.',
      recommendedActions: ['Patch VPN appliances'],
      indicators: ['198.51.100.23'],
    },
    audience: {},
    ...overrides,
  };
}

describe('triage: campaigns linking reports, advisories derived from reports', () => {
  let api: TestApp;
  let c: IncidentCouncil;
  let bankReport: any;
  let railReport: any;
  let privateReport: any;
  let campaignId: string;
  let advisoryId: string;

  beforeAll(async () => {
    api = await startTestApp();
    c = await incidentCouncil(api);
    bankReport = await submitFirst(api, c.token(c.reporter), { permittedPurposes: ['SHARING_AFTER_SANITISING', 'STATISTICS'] });
    railReport = await submitFirst(api, c.token(c.railCiso), { permittedPurposes: ['SHARING_AFTER_SANITISING'] });
    privateReport = await submitFirst(api, c.token(c.ciso), { permittedPurposes: ['DAMAGE_PREVENTION'] });
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses every triage operation to anyone but the secretariat', async () => {
    for (const person of [c.reporter, c.ciso, c.orgAdmin, c.railCiso, c.auditor, c.unpledgedSecretariat]) {
      const token = c.token(person);
      expectRefusal(await api.gql(CREATE_CAMPAIGN, { input: { name: 'x' } }, token), 'FORBIDDEN', /Only the secretariat triages/);
      expectRefusal(await api.gql(CAMPAIGNS, {}, token), 'FORBIDDEN', /Only the secretariat triages/);
      expectRefusal(await api.gql(LINK, { campaignId: randomUUID(), reportIds: [bankReport.id] }, token), 'FORBIDDEN');
      expectRefusal(await api.gql(DERIVE, { input: draftInput([bankReport.id]) }, token), 'FORBIDDEN', /Only the secretariat triages/);
    }
    expect(Number((await api.dataSource.query('SELECT count(*) AS n FROM incident_campaigns'))[0].n)).toBe(0);
  });

  it('links reports of several members into a campaign, and unlinks them', async () => {
    const token = c.token(c.secretariat);
    const created = (await api.gqlOk(CREATE_CAMPAIGN, { input: { name: '  VPN ransomware wave ', description: 'Q4' } }, token))
      .createIncidentCampaign;
    expect(created).toMatchObject({ name: 'VPN ransomware wave', description: 'Q4', createdById: c.secretariat.id });
    campaignId = created.id;
    const linked = (await api.gqlOk(LINK, { campaignId, reportIds: [bankReport.id, railReport.id] }, token)).linkIncidentReports;
    expect(linked.reports.map((r: any) => r.id).sort()).toEqual([bankReport.id, railReport.id].sort());
    // Linking again keeps one link per report.
    await api.gqlOk(LINK, { campaignId, reportIds: [bankReport.id] }, token);
    const listed = (await api.gqlOk(BY_CAMPAIGN, { campaignId }, token)).incidentReports;
    expect(listed.totalCount).toBe(2);
    const unlinked = (await api.gqlOk(UNLINK, { campaignId, reportIds: [railReport.id] }, token)).unlinkIncidentReports;
    expect(unlinked.reports.map((r: any) => r.id)).toEqual([bankReport.id]);
    await api.gqlOk(LINK, { campaignId, reportIds: [railReport.id] }, token);
    const audit = await api.dataSource.query(`SELECT action FROM audit_log WHERE action LIKE 'incident_campaign.%' ORDER BY id`);
    expect(audit.map((r: any) => r.action)).toEqual([
      'incident_campaign.created',
      'incident_campaign.reports_linked',
      'incident_campaign.reports_linked',
      'incident_campaign.reports_linked',
      'incident_campaign.reports_unlinked',
      'incident_campaign.reports_linked',
    ]);
  });

  it('refuses links to reports or campaigns that do not exist, and bad input', async () => {
    const token = c.token(c.secretariat);
    expectRefusal(await api.gql(LINK, { campaignId, reportIds: [randomUUID()] }, token), 'NOT_FOUND', /^Incident report not found$/);
    expectRefusal(
      await api.gql(LINK, { campaignId: randomUUID(), reportIds: [bankReport.id] }, token),
      'NOT_FOUND',
      /^Incident campaign not found$/,
    );
    expectRefusal(await api.gql(LINK, { campaignId, reportIds: [] }, token), 'BAD_USER_INPUT', /at least one report/);
    expectRefusal(await api.gql(CREATE_CAMPAIGN, { input: { name: '   ' } }, token), 'BAD_USER_INPUT', /name: must not be empty/);
  });

  it('refuses to derive from a report whose reporter did not allow sharing, or from one that does not exist', async () => {
    const token = c.token(c.secretariat);
    const before = Number((await api.dataSource.query('SELECT count(*) AS n FROM advisories'))[0].n);
    expectRefusal(
      await api.gql(DERIVE, { input: draftInput([bankReport.id, privateReport.id]) }, token),
      'FORBIDDEN',
      /did not allow sharing/,
    );
    expectRefusal(
      await api.gql(DERIVE, { input: draftInput([bankReport.id, randomUUID()]) }, token),
      'NOT_FOUND',
      /^Incident report not found$/,
    );
    expect(Number((await api.dataSource.query('SELECT count(*) AS n FROM advisories'))[0].n)).toBe(before);
  });

  it('refuses a secretariat person who is not a member: the one who derives is the author', async () => {
    const outsideSecretariat = await insertPerson(api.dataSource, { roles: [Role.SECRETARIAT], displayName: 'No Org Secretariat' });
    expectRefusal(
      await api.gql(DERIVE, { input: draftInput([bankReport.id]) }, c.token(outsideSecretariat)),
      'FORBIDDEN',
      /only members of the council author advisories/,
    );
  });

  it('refuses content that names a reporter (organisation, person, e-mail)', async () => {
    const token = c.token(c.secretariat);
    const named = draftInput([bankReport.id], {
      full: { classification: 'UNCLASSIFIED', tlp: 'GREEN', title: 'Ransomware at SAKURA TRUST BANK', summary: 's' },
    });
    expectRefusal(
      await api.gql(DERIVE, { input: named }, token),
      'BAD_USER_INPUT',
      /input\.full\.title: names a reporting organisation or person/,
    );
    const person = draftInput([railReport.id], {
      full: { classification: 'UNCLASSIFIED', tlp: 'GREEN', title: 't', summary: 's', body: `Contact ${c.railCiso.email}` },
    });
    expectRefusal(await api.gql(DERIVE, { input: person }, token), 'BAD_USER_INPUT', /input\.full\.body/);
  });

  it('derives an unattributed DRAFT that only its author sees, linked to the reports, in one transaction', async () => {
    const derived = (await api.gqlOk(DERIVE, { input: draftInput([bankReport.id, railReport.id]) }, c.token(c.secretariat)))
      .deriveAdvisoryDraftFromReports;
    expect(derived).toMatchObject({ status: 'DRAFT', access: 'FULL', title: 'Ransomware campaign against retail banking' });
    advisoryId = derived.id;
    const row = (
      await api.dataSource.query('SELECT status, attributed, author_id, originator_org_id FROM advisories WHERE id = $1', [advisoryId])
    )[0];
    expect(row).toEqual({ status: 'DRAFT', attributed: false, author_id: c.secretariat.id, originator_org_id: c.office.id });
    const links = await api.dataSource.query('SELECT report_id FROM incident_report_advisories WHERE advisory_id = $1 ORDER BY report_id', [
      advisoryId,
    ]);
    expect(links.map((l: any) => l.report_id)).toEqual([bankReport.id, railReport.id].sort());
    const audit = await api.dataSource.query(
      `SELECT subject_id FROM audit_log WHERE action = 'incident_report.advisory_derived' ORDER BY subject_id`,
    );
    expect(audit.map((a: any) => a.subject_id)).toEqual([bankReport.id, railReport.id].sort());

    // A draft is private to its author: the reporters' ledToAdvisories do not list it yet.
    expect((await api.gqlOk(LED_TO, { id: bankReport.id }, c.token(c.reporter))).incidentReport.ledToAdvisories).toEqual([]);
    expect(
      (await api.gqlOk(LED_TO, { id: bankReport.id }, c.token(c.secretariat))).incidentReport.ledToAdvisories.map((a: any) => a.id),
    ).toEqual([advisoryId]);
  });

  it('after moderation, the reporters see what their reports led to, and readers never see the reporters', async () => {
    await api.gqlOk(`mutation($id: ID!) { submitAdvisory(id: $id) { status } }`, { id: advisoryId }, c.token(c.secretariat));
    const approved = await api.gqlOk(
      `mutation($id: ID!) { approveAdvisory(id: $id) { status } }`,
      { id: advisoryId },
      c.token(c.moderator),
    );
    expect(approved.approveAdvisory.status).toBe('PUBLISHED');

    for (const [person, report] of [
      [c.reporter, bankReport],
      [c.railCiso, railReport],
    ] as const) {
      const led = (await api.gqlOk(LED_TO, { id: report.id }, c.token(person))).incidentReport.ledToAdvisories;
      expect(led).toEqual([{ id: advisoryId, status: 'PUBLISHED', title: 'Ransomware campaign against retail banking' }]);
    }

    // A member who reported nothing reads the advisory: no trace of the reporters anywhere in it.
    const outsider = await insertPerson(api.dataSource, { organisationId: c.rail.id, displayName: 'Outsider' });
    for (const person of [outsider, c.reporter, c.railCiso]) {
      const result = await api.gql(ADVISORY, { id: advisoryId }, c.token(person));
      expect(result.data?.advisory).toMatchObject({ id: advisoryId, access: 'FULL', originator: null, audience: null });
      const text = JSON.stringify(result);
      for (const identity of [
        c.bank.id,
        c.bank.name,
        c.reporter.id,
        c.reporter.displayName,
        c.reporter.email,
        c.railCiso.id,
        c.railCiso.email,
        c.office.id,
      ]) {
        expect(text).not.toContain(identity);
      }
    }
  });

  it('lists in ledToAdvisories only the advisories the reader may read', async () => {
    // Derived for the office's eyes only: the bank reporter's report led to it, but they may not read it.
    const restricted = (
      await api.gqlOk(
        DERIVE,
        { input: draftInput([bankReport.id], { audience: { organisationIds: [c.office.id] } }) },
        c.token(c.secretariat),
      )
    ).deriveAdvisoryDraftFromReports;
    await api.gqlOk(`mutation($id: ID!) { submitAdvisory(id: $id) { status } }`, { id: restricted.id }, c.token(c.secretariat));
    await api.gqlOk(`mutation($id: ID!) { approveAdvisory(id: $id) { status } }`, { id: restricted.id }, c.token(c.moderator));
    const led = (await api.gqlOk(LED_TO, { id: bankReport.id }, c.token(c.reporter))).incidentReport.ledToAdvisories;
    expect(led.map((a: any) => a.id)).toEqual([advisoryId]);
    const secretariatSees = (await api.gqlOk(LED_TO, { id: bankReport.id }, c.token(c.moderator))).incidentReport.ledToAdvisories;
    // In the order they were derived (one statement for all of them keeps the links' order).
    expect(secretariatSees.map((a: any) => a.id)).toEqual([advisoryId, restricted.id]);
    // And the report's ledToAdvisories is as invisible as the report itself to anyone else.
    expect((await api.gqlOk(LED_TO, { id: bankReport.id }, c.token(c.railCiso))).incidentReport).toBeNull();
  });

  it('counts for statistics only the incidents whose latest report allows STATISTICS (secretariat only)', async () => {
    const STATS = `query($since: DateTime!) { incidentStatistics(openedSince: $since) { counted withheld byType { incidentType count } bySector { sector count } } }`;
    const since = new Date(Date.now() - 3_600_000).toISOString();
    // The rail report changes its mind in a follow-up: now statistics are allowed, and it is a DDoS.
    await api.gqlOk(
      `mutation($id: ID!, $input: IncidentFollowUpInput!) { submitIncidentFollowUp(incidentId: $id, input: $input) { id } }`,
      { id: railReport.incidentId, input: { stage: 'FOLLOW_UP', incidentType: 'DDOS', permittedPurposes: ['STATISTICS'] } },
      c.token(c.railCiso),
    );
    const stats = (await api.gqlOk(STATS, { since }, c.token(c.secretariat))).incidentStatistics;
    expect(stats).toEqual({
      counted: 2,
      withheld: 1,
      byType: [
        { incidentType: 'DDOS', count: 1 },
        { incidentType: null, count: 1 },
      ],
      bySector: [
        { sector: 'FINANCE', count: 1 },
        { sector: 'RAILWAY', count: 1 },
      ],
    });
    for (const person of [c.ciso, c.railCiso, c.auditor]) {
      expectRefusal(await api.gql(STATS, { since }, c.token(person)), 'FORBIDDEN', /Only the secretariat/);
    }
  });

  it('an attributed derived advisory names the secretariat organisation, never a reporter', async () => {
    // The bank report: the rail incident's latest report no longer allows sharing (see the statistics test).
    const input = draftInput([bankReport.id], { attributed: true });
    const derived = (await api.gqlOk(DERIVE, { input }, c.token(c.secretariat))).deriveAdvisoryDraftFromReports;
    await api.gqlOk(`mutation($id: ID!) { submitAdvisory(id: $id) { status } }`, { id: derived.id }, c.token(c.secretariat));
    await api.gqlOk(`mutation($id: ID!) { approveAdvisory(id: $id) { status } }`, { id: derived.id }, c.token(c.moderator));
    const seen = (await api.gqlOk(ADVISORY, { id: derived.id }, c.token(c.reporter))).advisory;
    expect(seen.originator).toMatchObject({ id: c.office.id, name: c.office.name });
  });
});
