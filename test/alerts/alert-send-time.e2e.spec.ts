import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AlertDigestService } from '../../libs/alerts/src/digest/alert-digest.service';
import { AlertEscalationService } from '../../libs/alerts/src/escalation/alert-escalation.service';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import { Classification, MembershipTier, Role, Sector, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { signInAsBootstrapAdmin } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { startSmtpReceiver, startWebhookReceiver, type ReceivedWebhook } from './alert-receivers';
import { ADD_CHANNEL, addWebhook, confirmEmailChannel, QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const PUBLIC_URL = 'https://council.example';
const UPDATE = `mutation Update($id: ID!, $input: UpdateAdvisoryInput!) { updateAdvisory(id: $id, input: $input) { id version } }`;
const ONE = `query One($id: ID!) { advisory(id: $id) { id access title } }`;
const FAILED = `query Failed($advisoryId: ID!) { failedAlertDeliveries(advisoryId: $advisoryId) { id personId status attempts lastError } }`;
const SET_ACTIVE = `mutation Active($personId: ID!, $active: Boolean!) { setPersonActive(personId: $personId, active: $active) { id active } }`;
const UPDATE_ORG = `mutation Org($id: ID!, $input: UpdateOrganisationInput!) { updateOrganisation(id: $id, input: $input) { id active } }`;

/** What ALERTS.md lets a webhook carry of an UNCLASSIFIED view; the members' view and the public tear line differ in every field. */
const MEMBERS_VIEW = { fullClassification: Classification.UNCLASSIFIED, fullTlp: Tlp.GREEN };
const PUBLIC_TEAR_LINE = { hasTearLine: true, tearLineClassification: Classification.UNCLASSIFIED, tearLineTlp: Tlp.CLEAR };

/**
 * ACCESS-POLICY.md "Every other path" and ALERTS.md "Webhook delivery": what leaves the platform is
 * decided when it is sent. Each scenario lets a send fail first (the receiver refuses), changes who
 * may read what, and looks at the next attempt.
 */
describe('every send re-evaluates its recipient at that moment', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let secretariat: { id: string; token: string };
  let authorId: string;
  let authorOrgId: string;
  const people: Record<string, string> = {};

  const token = (name: string) => api.tokenFor(people[name]);
  const hookPath = (name: string) => `/send-time/${name}`;
  const received = (name: string): ReceivedWebhook[] => hooks.received.filter((w) => w.path === hookPath(name));
  const mailAddress = (name: string) => `${name.toLowerCase()}@send-time.example.test`;

  beforeAll(async () => {
    hooks = await startWebhookReceiver();
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_PUBLIC_URL: PUBLIC_URL,
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
      // The first retry comes 1.5 s after a refusal: time enough to change something in between.
      COUNCIL_ALERT_BACKOFF_MS: '1500',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '5',
      // Digests are collected and sent by hand here.
      COUNCIL_ALERT_DIGEST_EVERY_MS: '3600000',
    });
    worker = await startWorker();
    secretariat = await signInAsBootstrapAdmin(api);
    const ds = api.dataSource;
    const authorOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    authorOrgId = authorOrg.id;
    authorId = (await insertPerson(ds, { organisationId: authorOrg.id })).id;
    const memberOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE], prefecture: '13' });
    const otherOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE], prefecture: '13' });
    const escalationOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2, sectors: [Sector.FINANCE], prefecture: '13' });
    const person = async (name: string, fields: Parameters<typeof insertPerson>[1] = {}) => {
      people[name] = (await insertPerson(ds, { organisationId: memberOrg.id, email: mailAddress(name), ...fields })).id;
    };
    for (const name of ['narrowed', 'retired', 'demoted', 'bystander', 'digester', 'emptyDigester', 'mailed', 'mailedRetired'])
      await person(name);
    await person('orphaned', { organisationId: otherOrg.id });
    await person('analyst', { organisationId: escalationOrg.id, roles: [Role.ANALYST] });
    await person('ciso', { organisationId: escalationOrg.id, roles: [Role.CISO] });

    for (const name of ['narrowed', 'retired', 'demoted', 'orphaned', 'ciso']) {
      hooks.failing.add(hookPath(name));
      await addWebhook(api, token(name), `${hooks.url}${hookPath(name)}`, 'INFO');
    }
    for (const name of ['digester', 'emptyDigester']) {
      await api.gqlOk(
        ADD_CHANNEL,
        { input: { kind: 'WEBHOOK', target: `${hooks.url}${hookPath(name)}`, minSeverity: 'INFO', digest: true } },
        token(name),
      );
    }
    for (const name of ['mailed', 'mailedRetired']) {
      await api.gqlOk(ADD_CHANNEL, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, token(name));
      await confirmEmailChannel(api, smtp.mails, mailAddress(name));
      smtp.failing.add(mailAddress(name));
    }
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await hooks?.close();
    await smtp?.close();
  });

  /** Publishes as the lifecycle does (advisory row + outbox row) and waits for the fan-out. */
  async function publish(recipients: string[], fields: Partial<AdvisoryEntity>): Promise<AdvisoryEntity> {
    const advisory = await insertAdvisory(api.dataSource, {
      authorId,
      originatorOrgId: authorOrgId,
      audiencePersonIds: recipients.map((name) => people[name]),
      ...fields,
    });
    const [{ id }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    await waitFor(
      'the fan-out',
      async () => (await api.dataSource.query(`SELECT fanned_out_at FROM outbox_events WHERE id = $1`, [id]))[0].fanned_out_at !== null,
    );
    return advisory;
  }

  async function deliveryOf(
    advisoryId: string,
    name: string,
    escalation = false,
  ): Promise<{ id: string; status: string; attempts: number; last_error: string | null }> {
    const rows = await api.dataSource.query(
      `SELECT d.id, d.status, d.attempts, d.last_error FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
       WHERE al.advisory_id = $1 AND al.person_id = $2 AND (al.escalation_of IS NOT NULL) = $3`,
      [advisoryId, people[name], escalation],
    );
    expect(rows).toHaveLength(1);
    return rows[0];
  }

  const refusedOnce = (advisoryId: string, name: string, escalation = false) =>
    waitFor(`the first refusal of ${name}'s delivery`, async () => (await deliveryOf(advisoryId, name, escalation)).attempts >= 1);

  const settled = (advisoryId: string, name: string, status: string, escalation = false) =>
    waitFor(`${name}'s delivery to be ${status}`, async () => (await deliveryOf(advisoryId, name, escalation)).status === status, 20_000);

  /** The author's edit of the published advisory, through GraphQL (narrowing needs nobody's consent). */
  async function edit(advisoryId: string, input: Record<string, unknown>): Promise<void> {
    await api.gqlOk(UPDATE, { id: advisoryId, input }, api.tokenFor(authorId));
  }

  it('a retry after the author narrowed the audience and retitled the advisory is CANCELLED: nothing reaches the receiver', async () => {
    const advisory = await publish(['narrowed', 'bystander'], { ...MEMBERS_VIEW, fullTitle: 'Before the narrowing' });
    await refusedOnce(advisory.id, 'narrowed');
    await edit(advisory.id, {
      full: {
        classification: 'UNCLASSIFIED',
        tlp: 'GREEN',
        title: 'RETITLED-AFTER-NARROWING',
        summary: 'Summary',
        recommendedActions: ['Patch'],
      },
      audience: { personIds: [people.bystander] },
    });
    expect((await api.gqlOk(ONE, { id: advisory.id }, token('narrowed'))).advisory).toBeNull();
    hooks.failing.delete(hookPath('narrowed'));
    await settled(advisory.id, 'narrowed', 'CANCELLED');
    await sleep(QUIET_MS);

    const delivery = await deliveryOf(advisory.id, 'narrowed');
    expect(received('narrowed').map((w) => [w.status, w.headers['x-council-delivery']])).toEqual(
      received('narrowed').map(() => [503, delivery.id]),
    );
    expect(JSON.stringify(hooks.received.map((w) => w.body))).not.toContain('RETITLED-AFTER-NARROWING');
    // The secretariat sees it where it sees the failed ones; it is not retried, nor counted as an attempt.
    const listed = (await api.gqlOk(FAILED, { advisoryId: advisory.id }, secretariat.token)).failedAlertDeliveries;
    expect(listed).toEqual([
      {
        id: delivery.id,
        personId: people.narrowed,
        status: 'CANCELLED',
        attempts: received('narrowed').length,
        lastError: expect.stringMatching(/^not sent/),
      },
    ]);
  });

  it('a deactivated person, and a person whose organisation was deactivated, get nothing more: CANCELLED', async () => {
    const advisory = await publish(['retired', 'orphaned'], { ...MEMBERS_VIEW, fullTitle: 'Sent to the departed' });
    await refusedOnce(advisory.id, 'retired');
    await refusedOnce(advisory.id, 'orphaned');
    await api.gqlOk(SET_ACTIVE, { personId: people.retired, active: false }, secretariat.token);
    const [{ organisation_id: orphanedOrg }] = await api.dataSource.query(`SELECT organisation_id FROM persons WHERE id = $1`, [
      people.orphaned,
    ]);
    await api.gqlOk(UPDATE_ORG, { id: orphanedOrg, input: { active: false } }, secretariat.token);
    hooks.failing.delete(hookPath('retired'));
    hooks.failing.delete(hookPath('orphaned'));
    await settled(advisory.id, 'retired', 'CANCELLED');
    await settled(advisory.id, 'orphaned', 'CANCELLED');
    for (const name of ['retired', 'orphaned']) expect(received(name).every((w) => w.status === 503)).toBe(true);
    const listed = (await api.gqlOk(FAILED, { advisoryId: advisory.id }, secretariat.token)).failedAlertDeliveries;
    expect(listed.map((d: { status: string }) => d.status)).toEqual(['CANCELLED', 'CANCELLED']);
  });

  it('a retry after a change that leaves the recipient only the tear line carries access TEAR_LINE and the tear line’s content', async () => {
    const advisory = await publish(['demoted'], {
      ...MEMBERS_VIEW,
      ...PUBLIC_TEAR_LINE,
      fullTitle: 'MEMBERS-ONLY-TITLE-4R',
      fullRecommendedActions: ['MEMBERS-ONLY-ACTION-4R'],
      tearLineTitle: 'Public tear-line title',
      tearLineSummary: 'Public summary',
      tearLineRecommendedActions: ['Public action'],
    });
    await refusedOnce(advisory.id, 'demoted');
    expect(JSON.parse(received('demoted')[0].body)).toMatchObject({ access: 'FULL', title: 'MEMBERS-ONLY-TITLE-4R' });
    // CLASS_1 only: the CLASS_2 member keeps the CLEAR tear line (any active account) and loses the full view.
    await edit(advisory.id, { audience: { personIds: [people.demoted], tiers: ['CLASS_1'] } });
    expect((await api.gqlOk(ONE, { id: advisory.id }, token('demoted'))).advisory).toMatchObject({
      access: 'TEAR_LINE',
      title: 'Public tear-line title',
    });
    const refusedBefore = received('demoted').length;
    hooks.failing.delete(hookPath('demoted'));
    await settled(advisory.id, 'demoted', 'DELIVERED');

    const after = received('demoted').slice(refusedBefore);
    expect(after.length).toBeGreaterThan(0);
    for (const webhook of after) {
      expect(JSON.parse(webhook.body)).toMatchObject({
        advisoryId: advisory.id,
        access: 'TEAR_LINE',
        title: 'Public tear-line title',
        recommendedActions: ['Public action'],
      });
      expect(webhook.body).not.toContain('MEMBERS-ONLY');
    }
  });

  it('the daily digest drops an item its person may no longer read, and a digest left empty is not sent', async () => {
    const kept = await publish(['digester', 'emptyDigester', 'bystander'], {
      ...MEMBERS_VIEW,
      severity: Severity.LOW,
      fullTitle: 'Digest item kept',
    });
    const dropped = await publish(['digester', 'bystander'], {
      ...MEMBERS_VIEW,
      severity: Severity.INFO,
      fullTitle: 'DIGEST-ITEM-DROPPED-8W',
    });
    for (const [advisory, name] of [
      [kept, 'digester'],
      [kept, 'emptyDigester'],
      [dropped, 'digester'],
    ] as const) {
      expect((await deliveryOf(advisory.id, name)).status).toBe('DIGEST');
    }
    await edit(kept.id, { audience: { personIds: [people.digester, people.bystander] } });
    await edit(dropped.id, { audience: { personIds: [people.bystander] } });

    const digests = worker.get(AlertDigestService, { strict: false });
    const outcomes = [];
    for (const id of await digests.collect()) outcomes.push(await digests.send(id, false));
    expect(outcomes.sort()).toEqual(['CANCELLED', 'DELIVERED']);

    const [webhook] = received('digester');
    expect(received('digester')).toHaveLength(1);
    const body = JSON.parse(webhook.body);
    expect(body.event).toBe('digest');
    expect(body.items).toEqual([
      expect.objectContaining({
        deliveryId: (await deliveryOf(kept.id, 'digester')).id,
        advisoryId: kept.id,
        access: 'FULL',
        title: 'Digest item kept',
      }),
    ]);
    expect(webhook.body).not.toContain('DIGEST-ITEM-DROPPED-8W');
    expect(received('emptyDigester')).toEqual([]);

    expect((await deliveryOf(kept.id, 'digester')).status).toBe('DELIVERED');
    expect((await deliveryOf(dropped.id, 'digester')).status).toBe('CANCELLED');
    expect((await deliveryOf(kept.id, 'emptyDigester')).status).toBe('CANCELLED');
    const digestRows = await api.dataSource.query(
      `SELECT g.status, c.person_id FROM alert_digests g JOIN alert_channels c ON c.id = g.channel_id WHERE c.person_id = ANY($1::uuid[])`,
      [[people.digester, people.emptyDigester]],
    );
    expect(
      digestRows
        .map((r: { person_id: string; status: string }) => `${r.person_id === people.digester ? 'digester' : 'emptyDigester'}:${r.status}`)
        .sort(),
    ).toEqual(['digester:DELIVERED', 'emptyDigester:CANCELLED']);
  });

  it('an escalation carries what its recipient may read when it is sent, not when it was escalated', async () => {
    const ds = api.dataSource;
    const advisory = await publish(['analyst', 'ciso'], {
      ...MEMBERS_VIEW,
      ...PUBLIC_TEAR_LINE,
      severity: Severity.CRITICAL,
      fullTitle: 'MEMBERS-ONLY-CRITICAL-6T',
      tearLineTitle: 'Public critical title',
      tearLineSummary: 'Public summary',
      tearLineRecommendedActions: ['Isolate the appliance'],
    });
    const [{ id: analystAlert }] = await ds.query(`SELECT id FROM alerts WHERE advisory_id = $1 AND person_id = $2`, [
      advisory.id,
      people.analyst,
    ]);
    // Rule A gives the CISO the full view at escalation time.
    expect(await worker.get(AlertEscalationService).escalate(analystAlert)).toEqual({ escalated: true, recipients: 1, deliveries: 1 });
    const [escalation] = await ds.query(`SELECT access FROM alerts WHERE escalation_of = $1`, [analystAlert]);
    expect(escalation.access).toBe('FULL');
    await refusedOnce(advisory.id, 'ciso', true);

    await edit(advisory.id, { audience: { personIds: [people.analyst, people.ciso], tiers: ['CLASS_1'] } });
    const refusedBefore = received('ciso').length;
    hooks.failing.delete(hookPath('ciso'));
    await settled(advisory.id, 'ciso', 'DELIVERED', true);
    await settled(advisory.id, 'ciso', 'DELIVERED');

    const escalationId = (await deliveryOf(advisory.id, 'ciso', true)).id;
    const sent = received('ciso').slice(refusedBefore);
    expect(sent.map((w) => w.headers['x-council-delivery'])).toContain(escalationId);
    for (const webhook of sent) {
      expect(JSON.parse(webhook.body)).toMatchObject({
        access: 'TEAR_LINE',
        title: 'Public critical title',
        recommendedActions: ['Isolate the appliance'],
      });
      expect(webhook.body).not.toContain('MEMBERS-ONLY');
    }
  });

  it('an e-mail is decided when it is sent too: the view the person may read now, or nothing', async () => {
    const advisory = await publish(['mailed', 'mailedRetired'], {
      ...MEMBERS_VIEW,
      ...PUBLIC_TEAR_LINE,
      fullTitle: 'MEMBERS-ONLY-MAIL-2P',
      tearLineTitle: 'Public mail title',
      tearLineSummary: 'Public summary',
      tearLineRecommendedActions: ['Read the bulletin'],
    });
    await refusedOnce(advisory.id, 'mailed');
    await refusedOnce(advisory.id, 'mailedRetired');
    await edit(advisory.id, { audience: { personIds: [people.mailed, people.mailedRetired], tiers: ['CLASS_1'] } });
    await api.gqlOk(SET_ACTIVE, { personId: people.mailedRetired, active: false }, secretariat.token);
    smtp.failing.clear();
    await settled(advisory.id, 'mailed', 'DELIVERED');
    await settled(advisory.id, 'mailedRetired', 'CANCELLED');
    await sleep(QUIET_MS);

    const mails = smtp.mails.filter((m) => m.decoded.includes(advisory.id));
    expect(mails.map((m) => m.to)).toEqual([[mailAddress('mailed')]]);
    expect(mails[0].decoded).toContain('Public mail title');
    expect(mails[0].decoded).toContain('- Read the bulletin');
    expect(mails[0].raw).not.toContain('MEMBERS-ONLY');
    expect(mails[0].decoded).not.toContain('MEMBERS-ONLY');
  });
});
