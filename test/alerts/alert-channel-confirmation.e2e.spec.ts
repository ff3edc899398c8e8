import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { AlertDeliveryService } from '../../libs/alerts/src/deliveries/alert-delivery.service';
import { AlertChannelConfirmation1795826400000 } from '../../libs/platform/src/database/migrations/1795826400000-AlertChannelConfirmation';
import { MembershipTier, Severity } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';
import { startSmtpReceiver } from './alert-receivers';
import { confirmationTokenFor, confirmEmailChannel, isConfirmationMail, mailText, startWorker, waitFor } from './alert-test-kit';

const CHANNEL = 'id kind target enabled verified';
const ADD = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { ${CHANNEL} } } }`;
const CHANNELS = `{ myAlertChannels { ${CHANNEL} } }`;
const RESEND = `mutation Resend($id: ID!) { resendAlertChannelConfirmation(id: $id) { ${CHANNEL} } }`;
const REMOVE = `mutation Remove($id: ID!) { removeAlertChannel(id: $id) }`;
const REQUIRE = `mutation Req($required: Boolean!) { requireEncryptedEmail(required: $required) { encryptionRequired } }`;
const PUBLIC_URL = 'https://council.example';

function errorOf(result: GraphQLResponse, code: string): string {
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  return result.errors?.[0]?.message ?? '';
}

describe('EMAIL alert channels are confirmed by a one-time link before anything is sent to them', () => {
  let api: TestApp;
  let worker: INestApplication;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let authorId: string;
  let memberOrgId: string;

  const person = async (name: string) => {
    const saved = await insertPerson(api.dataSource, { email: `${name}@confirm.example.test`, organisationId: memberOrgId });
    return { id: saved.id, token: api.tokenFor(saved.id), email: saved.email };
  };
  const mailsTo = (address: string) => smtp.mails.filter((m) => m.to.includes(address));
  const openLink = (token: string) => fetch(`${api.url}/alert-channels/confirm?token=${encodeURIComponent(token)}`);
  const pressConfirm = (token: string) =>
    fetch(`${api.url}/alert-channels/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });

  /** Publishes a LOW advisory for every member as the lifecycle does, and waits until its deliveries settled. */
  async function publish(title: string): Promise<string> {
    const advisory = await insertAdvisory(api.dataSource, { authorId, severity: Severity.LOW, fullTitle: title });
    const [{ id: eventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    await waitFor(`outbox ${eventId} fanned out and delivered`, async () => {
      const [row] = await api.dataSource.query(
        `SELECT o.fanned_out_at IS NOT NULL AS done,
                (SELECT count(*) FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
                  WHERE al.outbox_event_id = o.id AND d.status = 'PENDING')::int AS pending
         FROM outbox_events o WHERE o.id = $1`,
        [eventId],
      );
      return row.done && row.pending === 0;
    });
    return String(eventId);
  }

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_PUBLIC_URL: PUBLIC_URL,
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '2',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    worker = await startWorker();
    authorId = (
      await insertPerson(api.dataSource, {
        organisationId: (await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_1 })).id,
      })
    ).id;
    memberOrgId = (await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 })).id;
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
  });

  it('adds the channel unverified and mails a confirmation link under COUNCIL_PUBLIC_URL, stored only as a hash', async () => {
    const alice = await person('alice');
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, alice.token)).addAlertChannel;
    expect(channel).toMatchObject({ kind: 'EMAIL', target: alice.email, enabled: true, verified: false });
    const token = await confirmationTokenFor(smtp.mails, alice.email);
    const [mail] = mailsTo(alice.email);
    expect(mailText(mail)).toContain(`${PUBLIC_URL}/alert-channels/confirm?token=${token}`);
    expect(mailText(mail)).toContain('24');
    expect(mail.raw).toMatch(new RegExp(`^X-Council-Confirmation: ${channel.id}`, 'm'));
    const [row] = await api.dataSource.query(
      `SELECT confirmation_token_hash, confirmation_expires_at, confirmation_sent_at FROM alert_channels WHERE id = $1`,
      [channel.id],
    );
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.confirmation_token_hash).toMatch(/^[0-9a-f]{64}$/);
    const hoursValid = (new Date(row.confirmation_expires_at).getTime() - Date.now()) / 3_600_000;
    expect(hoursValid).toBeGreaterThan(23.9);
    expect(hoursValid).toBeLessThanOrEqual(24);
    await waitFor('the sending to be recorded', async () => {
      const [sent] = await api.dataSource.query(`SELECT confirmation_sent_at FROM alert_channels WHERE id = $1`, [channel.id]);
      return sent.confirmation_sent_at !== null;
    });
    // WEBHOOK and IN_APP channels need no confirmation.
    const inApp = (await api.gqlOk(ADD, { input: { kind: 'IN_APP', minSeverity: 'INFO' } }, alice.token)).addAlertChannel.channel;
    expect(inApp.verified).toBe(true);
  });

  it('nothing is sent to an unconfirmed address; after confirming, alerts arrive there', async () => {
    const bob = await person('bob');
    await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, bob.token);
    await confirmationTokenFor(smtp.mails, bob.email);

    const before = await publish('Before confirmation');
    const alerts = await api.dataSource.query(`SELECT id FROM alerts WHERE outbox_event_id = $1 AND person_id = $2`, [before, bob.id]);
    expect(alerts).toEqual([]); // an unconfirmed channel does not make a LOW alert wanted either
    expect(mailsTo(bob.email).filter((m) => !isConfirmationMail(m))).toEqual([]);

    await confirmEmailChannel(api, smtp.mails, bob.email);
    expect((await api.gqlOk(CHANNELS, {}, bob.token)).myAlertChannels).toEqual([expect.objectContaining({ verified: true })]);
    const after = await publish('After confirmation');
    const [delivery] = await api.dataSource.query(
      `SELECT d.id, d.status FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.outbox_event_id = $1 AND al.person_id = $2`,
      [after, bob.id],
    );
    expect(delivery.status).toBe('DELIVERED');
    expect(mailsTo(bob.email).filter((m) => m.raw.includes(delivery.id))).toHaveLength(1);
  });

  it('opening the link (as a mail scanner does) only shows a button; its POST confirms, once', async () => {
    const carol = await person('carol');
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, carol.token)).addAlertChannel;
    const token = await confirmationTokenFor(smtp.mails, carol.email);

    for (let i = 0; i < 3; i++) {
      const page = await openLink(token);
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('cache-control')).toBe('no-store');
      const html = await page.text();
      expect(html).toContain(carol.email);
      expect(html).toMatch(/<form method="post" action="confirm">/);
      expect(html).toContain(`value="${token}"`);
      expect(html).not.toMatch(/<script|style=/);
    }
    expect((await api.gqlOk(CHANNELS, {}, carol.token)).myAlertChannels[0].verified).toBe(false);

    const confirmed = await pressConfirm(token);
    expect(confirmed.status).toBe(200);
    expect(await confirmed.text()).toMatch(/Confirmed/);
    expect((await api.gqlOk(CHANNELS, {}, carol.token)).myAlertChannels).toEqual([
      expect.objectContaining({ id: channel.id, verified: true }),
    ]);

    const again = await pressConfirm(token);
    expect(again.status).toBe(404);
    expect(await again.text()).toMatch(/This link is not valid/);
    expect((await openLink(token)).status).toBe(404);
  });

  it('refuses unknown, malformed, expired links and links of removed channels alike', async () => {
    const dave = await person('dave');
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, dave.token)).addAlertChannel;
    const token = await confirmationTokenFor(smtp.mails, dave.email);
    await api.dataSource.query(`UPDATE alert_channels SET confirmation_expires_at = now() - interval '1 second' WHERE id = $1`, [
      channel.id,
    ]);
    for (const wrong of [token, 'A'.repeat(43), 'not a token', '']) {
      expect((await openLink(wrong)).status).toBe(404);
      expect((await pressConfirm(wrong)).status).toBe(404);
    }
    expect((await fetch(`${api.url}/alert-channels/confirm`)).status).toBe(404);

    const erin = await person('erin');
    const removed = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, erin.token)).addAlertChannel.channel;
    const removedToken = await confirmationTokenFor(smtp.mails, erin.email);
    await api.gqlOk(REMOVE, { id: removed.id }, erin.token);
    expect((await pressConfirm(removedToken)).status).toBe(404);
    const [row] = await api.dataSource.query(`SELECT verified FROM alert_channels WHERE id = $1`, [removed.id]);
    expect(row.verified).toBe(false);
  });

  it('resends a new link that replaces the old one; only for the owner’s unverified EMAIL channel', async () => {
    const frank = await person('frank');
    const other = await person('grace');
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, frank.token)).addAlertChannel;
    const first = await confirmationTokenFor(smtp.mails, frank.email);

    const resent = (await api.gqlOk(RESEND, { id: channel.id }, frank.token)).resendAlertChannelConfirmation;
    expect(resent).toMatchObject({ id: channel.id, verified: false });
    await waitFor('the second confirmation e-mail', () => mailsTo(frank.email).filter(isConfirmationMail).length === 2);
    const second = await confirmationTokenFor(smtp.mails, frank.email);
    expect(second).not.toBe(first);
    expect((await pressConfirm(first)).status).toBe(404);

    const foreign = errorOf(await api.gql(RESEND, { id: channel.id }, other.token), 'NOT_FOUND');
    expect(foreign).toBe(errorOf(await api.gql(RESEND, { id: '00000000-0000-4000-8000-000000000000' }, other.token), 'NOT_FOUND'));
    expect((await pressConfirm(second)).status).toBe(200);
    expect(errorOf(await api.gql(RESEND, { id: channel.id }, frank.token), 'BAD_USER_INPUT')).toMatch(/already confirmed/);
    const inApp = (await api.gqlOk(ADD, { input: { kind: 'IN_APP', minSeverity: 'INFO' } }, frank.token)).addAlertChannel.channel;
    expect(errorOf(await api.gql(RESEND, { id: inApp.id }, frank.token), 'BAD_USER_INPUT')).toMatch(/needs no confirmation/);
  });

  it('limits confirmation e-mails to one address, so the platform cannot be used to flood a stranger', async () => {
    const mallory = await person('mallory');
    const target = 'victim@elsewhere.example.test';
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', target, minSeverity: 'INFO' } }, mallory.token)).addAlertChannel;
    for (let i = 0; i < 4; i++) await api.gqlOk(RESEND, { id: channel.id }, mallory.token);
    const refused = errorOf(await api.gql(RESEND, { id: channel.id }, mallory.token), 'RATE_LIMITED');
    expect(refused).toMatch(/Too many confirmation e-mails: try again in \d+ seconds/);
    await api.gqlOk(REMOVE, { id: channel.id }, mallory.token);
    errorOf(await api.gql(ADD, { input: { kind: 'EMAIL', target, minSeverity: 'INFO' } }, mallory.token), 'RATE_LIMITED');
    await waitFor('the five e-mails', () => mailsTo(target).length === 5);
  });

  it('sends no plaintext confirmation to someone who requires encrypted e-mail without a key', async () => {
    const heidi = await person('heidi');
    await api.gqlOk(REQUIRE, { required: true }, heidi.token);
    const refusal = errorOf(await api.gql(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, heidi.token), 'BAD_USER_INPUT');
    expect(refusal).toMatch(/require encrypted e-mail but have no usable OpenPGP key.*setMyOpenPgpKey/);
    expect((await api.gqlOk(CHANNELS, {}, heidi.token)).myAlertChannels).toEqual([]);
    expect(mailsTo(heidi.email)).toEqual([]);
  });

  it('the worker does not send a delivery whose channel is unconfirmed', async () => {
    const ivan = await person('ivan');
    const { channel } = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, ivan.token)).addAlertChannel;
    await confirmationTokenFor(smtp.mails, ivan.email);
    const advisory = await insertAdvisory(api.dataSource, { authorId, severity: Severity.HIGH });
    const [{ id: eventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at, fanned_out_at)
       VALUES ('advisory.published', $1, 1, now(), now(), now()) RETURNING id`,
      [advisory.id],
    );
    const [{ id: alertId }] = await api.dataSource.query(
      `INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access) VALUES ($1, $2, $3, 'advisory.published', 'HIGH', 'FULL') RETURNING id`,
      [eventId, ivan.id, advisory.id],
    );
    // As if written before the channel's address had to be confirmed, or by a replay that raced it.
    const [{ id: deliveryId }] = await api.dataSource.query(
      `INSERT INTO alert_deliveries (alert_id, channel_id, status) VALUES ($1, $2, 'PENDING') RETURNING id`,
      [alertId, channel.id],
    );
    expect(await worker.get(AlertDeliveryService, { strict: false }).deliver(deliveryId, false)).toBe('FAILED');
    const [row] = await api.dataSource.query(`SELECT status, last_error FROM alert_deliveries WHERE id = $1`, [deliveryId]);
    expect(row).toEqual({ status: 'FAILED', last_error: 'the channel was removed, disabled or not confirmed' });
    expect(mailsTo(ivan.email).filter((m) => !isConfirmationMail(m))).toEqual([]);
  });

  it('the migration keeps the e-mail channels that existed before it verified (their alerts do not stop)', async () => {
    const judy = await person('judy');
    const migration = new AlertChannelConfirmation1795826400000();
    const runner = api.dataSource.createQueryRunner();
    try {
      await runner.startTransaction();
      await migration.down(runner);
      const [{ id }] = await runner.query(
        `INSERT INTO alert_channels (person_id, kind, target, min_severity) VALUES ($1, 'EMAIL', $2, 'INFO') RETURNING id`,
        [judy.id, judy.email],
      );
      await migration.up(runner);
      const [row] = await runner.query(`SELECT verified, confirmation_token_hash FROM alert_channels WHERE id = $1`, [id]);
      expect(row).toEqual({ verified: true, confirmation_token_hash: null });
      await runner
        .query(`INSERT INTO alert_channels (person_id, kind, min_severity, verified) VALUES ($1, 'IN_APP', 'INFO', false)`, [judy.id])
        .then(
          () => {
            throw new Error('an IN_APP channel was stored unverified');
          },
          (error: Error) => expect(error.message).toMatch(/alert_channels_verified_check/),
        );
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  });
});
