import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import * as openpgp from 'openpgp';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { AlertDigestService } from '../../libs/alerts/src/digest/alert-digest.service';
import type { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import { Classification, MembershipTier, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { startSmtpReceiver } from './alert-receivers';
import { confirmEmailChannel, isConfirmationMail, waitFor } from './alert-test-kit';

const ADD = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { id } } }`;
const SET_KEY = `mutation Set($key: String!) { setMyOpenPgpKey(armoredKey: $key) { openPgpFingerprint openPgpKeyUsable encryptionRequired openPgpKeyExpiresAt } }`;
const REMOVE_KEY = `mutation { removeMyOpenPgpKey { openPgpFingerprint openPgpKeyUsable encryptionRequired } }`;
const REQUIRE = `mutation Req($required: Boolean!) { requireEncryptedEmail(required: $required) { openPgpFingerprint openPgpKeyUsable encryptionRequired } }`;
const MINE = `{ myEmailSecurity { openPgpFingerprint openPgpKeyUsable encryptionRequired } }`;
const MY_FAILED = `{ myFailedDeliveries(first: 10) { id status lastError channelKind } }`;

/** Words of the confidential view and of the body: none may leave the platform, encrypted or not. */
const SECRET_MARKERS = [
  'PGP-CONF-TITLE-3X',
  'PGP-CONF-SUMMARY-3X',
  'PGP-CONF-BODY-3X',
  'PGP-CONF-ACTION-3X',
  '203.0.113.45',
  'PGP-UNCL-BODY-3X',
];

/** The armored OpenPGP message of a PGP/MIME e-mail, decrypted, then its text/plain entity decoded. */
async function decryptMail(raw: string, privateKeyArmored: string): Promise<{ entity: string; text: string }> {
  const armored = /-----BEGIN PGP MESSAGE-----[\s\S]+?-----END PGP MESSAGE-----/.exec(raw)?.[0];
  if (!armored) throw new Error('no OpenPGP message in the e-mail');
  const { data } = await openpgp.decrypt({
    message: await openpgp.readMessage({ armoredMessage: armored }),
    decryptionKeys: await openpgp.readPrivateKey({ armoredKey: privateKeyArmored }),
  });
  const entity = String(data);
  const [, body] = entity.split(/\r?\n\r?\n/, 2);
  return { entity, text: Buffer.from(entity.slice(entity.indexOf(body)).replace(/\s+/g, ''), 'base64').toString('utf8') };
}

describe('OpenPGP e-mail: alerts encrypted to the person’s key; required encryption never falls back to plaintext', () => {
  let api: TestApp;
  let worker: INestApplication;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  const people: Record<string, string> = {};
  let authorOrgId: string;
  let keyPair: { publicKey: string; privateKey: string };

  const token = (name: string) => api.tokenFor(people[name]);

  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    api = await startTestApp({
      SMTP_URL: smtp.url,
      COUNCIL_PUBLIC_URL: 'https://council.example',
      COUNCIL_ALERT_BACKOFF_MS: '50',
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '2',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    worker = moduleRef.createNestApplication({ logger: false });
    await worker.init();

    const ds = api.dataSource;
    const authorOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_1 });
    authorOrgId = authorOrg.id;
    const memberOrg = await insertOrganisation(ds, { tier: MembershipTier.CLASS_2 });
    for (const name of ['author', 'keyed', 'strict', 'plain', 'keyholder', 'digester', 'strictDigester']) {
      people[name] = (
        await insertPerson(ds, {
          email: `${name.toLowerCase()}@pgp.example.test`,
          organisationId: name === 'author' ? authorOrg.id : memberOrg.id,
        })
      ).id;
    }
    for (const name of ['keyed', 'strict', 'plain']) {
      await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO' } }, token(name));
      await confirmEmailChannel(api, smtp.mails, `${name.toLowerCase()}@pgp.example.test`);
    }
    for (const name of ['digester', 'strictDigester']) {
      await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'INFO', digest: true } }, token(name));
      await confirmEmailChannel(api, smtp.mails, `${name.toLowerCase()}@pgp.example.test`);
    }
    keyPair = await openpgp.generateKey({ userIDs: [{ name: 'Keyed SOC', email: 'keyed@pgp.example.test' }], format: 'armored' });
  });

  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await smtp?.close();
  });

  async function publish(fields: Partial<AdvisoryEntity>): Promise<string> {
    const advisory = await insertAdvisory(api.dataSource, { authorId: people.author, originatorOrgId: authorOrgId, ...fields });
    const [{ id: eventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
      [advisory.id],
    );
    await waitFor(`outbox ${eventId} delivered`, async () => {
      const [row] = await api.dataSource.query(
        `SELECT EXISTS (SELECT 1 FROM alerts al WHERE al.outbox_event_id = o.id) AS has_alerts,
                (SELECT count(*) FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
                  WHERE al.outbox_event_id = o.id AND d.status = 'PENDING')::int AS pending
         FROM outbox_events o WHERE o.id = $1`,
        [eventId],
      );
      return row.has_alerts && row.pending === 0;
    });
    return String(eventId);
  }

  async function deliveriesOf(eventId: string, name: string): Promise<Array<{ id: string; status: string; last_error: string | null }>> {
    return api.dataSource.query(
      `SELECT d.id, d.status, d.last_error FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
       WHERE al.outbox_event_id = $1 AND al.person_id = $2`,
      [eventId, people[name]],
    );
  }

  it('registers a public key and shows only its fingerprint', async () => {
    const data = await api.gqlOk(SET_KEY, { key: keyPair.publicKey }, token('keyed'));
    const fingerprint = (await openpgp.readKey({ armoredKey: keyPair.publicKey })).getFingerprint().toUpperCase();
    expect(data.setMyOpenPgpKey).toEqual({
      openPgpFingerprint: fingerprint,
      openPgpKeyUsable: true,
      encryptionRequired: false,
      openPgpKeyExpiresAt: null,
    });
    expect((await api.gqlOk(MINE, {}, token('keyed'))).myEmailSecurity).toEqual({
      openPgpFingerprint: fingerprint,
      openPgpKeyUsable: true,
      encryptionRequired: false,
    });
    expect((await api.gqlOk(MINE, {}, token('plain'))).myEmailSecurity).toEqual({
      openPgpFingerprint: null,
      openPgpKeyUsable: false,
      encryptionRequired: false,
    });
    const [audit] = await api.dataSource.query(`SELECT action, after FROM audit_log WHERE subject_id = $1 ORDER BY id DESC LIMIT 1`, [
      people.keyed,
    ]);
    expect(audit).toEqual({ action: 'person.openpgp_key.set', after: { openPgpFingerprint: fingerprint, encryptionRequired: false } });
  });

  it('refuses bad keys with clear messages and never stores a private key', async () => {
    const expectRefused = async (key: string, message: RegExp) => {
      const result = await api.gql(SET_KEY, { key }, token('keyholder'));
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message).toMatch(message);
    };
    await expectRefused('hello', /Not an armored OpenPGP public key/);
    await expectRefused('-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nbm90IGEga2V5\n-----END PGP PUBLIC KEY BLOCK-----', /could not be read/);
    await expectRefused(keyPair.privateKey, /private key/);
    await expectRefused(`-----BEGIN PGP PUBLIC KEY BLOCK-----\n${'A'.repeat(70_000)}`, /too long/);
    const old = new Date(Date.now() - 10 * 86_400_000);
    const expired = await openpgp.generateKey({
      userIDs: [{ email: 'old@pgp.example.test' }],
      date: old,
      keyExpirationTime: 86_400,
      format: 'armored',
    });
    await expectRefused(expired.publicKey, /expired/);
    const signOnly = await openpgp.generateKey({ userIDs: [{ email: 'sign@pgp.example.test' }], subkeys: [], format: 'armored' });
    await expectRefused(signOnly.publicKey, /no valid key that can encrypt/);
    const other = await openpgp.generateKey({ userIDs: [{ email: 'two@pgp.example.test' }], format: 'armored' });
    const two = `${keyPair.publicKey}\n${other.publicKey}`;
    await expectRefused(two, /exactly one OpenPGP public key/);
    const stored = await api.dataSource.query(`SELECT openpgp_public_key FROM email_security_settings WHERE person_id = $1`, [
      people.keyholder,
    ]);
    expect(stored).toEqual([]);
    const everything = JSON.stringify(await api.dataSource.query(`SELECT * FROM email_security_settings`));
    expect(everything).not.toContain('PRIVATE KEY');
  });

  it('an alert to a person with a key arrives PGP/MIME-encrypted; it decrypts to the body ALERTS.md allows, nothing confidential', async () => {
    await api.gqlOk(REQUIRE, { required: true }, token('strict'));
    const eventId = await publish({
      severity: Severity.HIGH,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'PGP-CONF-TITLE-3X',
      fullSummary: 'PGP-CONF-SUMMARY-3X',
      fullBody: 'PGP-CONF-BODY-3X',
      fullRecommendedActions: ['PGP-CONF-ACTION-3X'],
      fullIndicators: ['203.0.113.45'],
    });
    const [delivery] = await deliveriesOf(eventId, 'keyed');
    expect(delivery.status).toBe('DELIVERED');
    const mail = smtp.mails.find((m) => m.raw.includes(delivery.id));
    expect(mail?.to).toEqual(['keyed@pgp.example.test']);
    const raw = mail?.raw ?? '';
    expect(raw).toMatch(/Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"/);
    expect(raw).toContain('Version: 1');
    expect(raw).toContain('-----BEGIN PGP MESSAGE-----');
    expect(mail?.decoded).toMatch(/Subject: \[HIGH\] Council alert \(encrypted\)/);
    expect(mail?.decoded).not.toContain('sign in to read');
    const { entity, text } = await decryptMail(raw, keyPair.privateKey);
    expect(entity).toMatch(/Content-Type: text\/plain; charset=utf-8/);
    expect(text).toContain('HIGH advisory — sign in to read');
    expect(text).toContain(`Delivery ${delivery.id}`);
    expect(text).toContain('https://council.example/advisories/');
    for (const marker of SECRET_MARKERS) {
      expect(text).not.toContain(marker);
      expect(mail?.decoded).not.toContain(marker);
    }

    // The strict person (encryption required, no key) got no e-mail at all: the delivery is FAILED, with the reason.
    const [refused] = await deliveriesOf(eventId, 'strict');
    expect(refused.status).toBe('FAILED');
    expect(smtp.mails.filter((m) => m.to.includes('strict@pgp.example.test') && !isConfirmationMail(m))).toEqual([]);
    const failed = (await api.gqlOk(MY_FAILED, {}, token('strict'))).myFailedDeliveries;
    expect(failed).toEqual([expect.objectContaining({ id: refused.id, status: 'FAILED', channelKind: 'EMAIL' })]);
    expect(failed[0].lastError).toMatch(/you require encrypted e-mail but have no OpenPGP public key registered/);

    // Someone with neither key nor requirement still gets the plaintext alert.
    const [plain] = await deliveriesOf(eventId, 'plain');
    expect(plain.status).toBe('DELIVERED');
    expect(smtp.mails.find((m) => m.raw.includes(plain.id))?.decoded).toContain('HIGH advisory — sign in to read');
  });

  it('an UNCLASSIFIED title travels only inside the encrypted part; the cleartext subject carries the severity alone', async () => {
    const eventId = await publish({
      severity: Severity.MEDIUM,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.CLEAR,
      fullTitle: 'PGP public phishing wave',
      fullBody: 'PGP-UNCL-BODY-3X',
      fullRecommendedActions: ['Warn staff'],
    });
    const [delivery] = await deliveriesOf(eventId, 'keyed');
    const mail = smtp.mails.find((m) => m.raw.includes(delivery.id));
    expect(mail?.decoded).not.toContain('PGP public phishing wave');
    expect(mail?.decoded).toMatch(/Subject: \[MEDIUM\] Council alert \(encrypted\)/);
    const { entity, text } = await decryptMail(mail?.raw ?? '', keyPair.privateKey);
    expect(text).toContain('PGP public phishing wave');
    expect(text).toContain('- Warn staff');
    expect(text).not.toContain('PGP-UNCL-BODY-3X');
    expect(entity).toMatch(/protected-headers="v1"/);
  });

  it('with a key and the requirement, alerts are encrypted; after removing the key, nothing is sent', async () => {
    const both = await api.gqlOk(REQUIRE, { required: true }, token('keyed'));
    expect(both.requireEncryptedEmail).toMatchObject({ openPgpKeyUsable: true, encryptionRequired: true });
    const first = await publish({ severity: Severity.LOW });
    const [sent] = await deliveriesOf(first, 'keyed');
    expect(sent.status).toBe('DELIVERED');
    expect(smtp.mails.find((m) => m.raw.includes(sent.id))?.raw).toContain('-----BEGIN PGP MESSAGE-----');

    const removed = await api.gqlOk(REMOVE_KEY, {}, token('keyed'));
    expect(removed.removeMyOpenPgpKey).toEqual({ openPgpFingerprint: null, openPgpKeyUsable: false, encryptionRequired: true });
    const mailsBefore = smtp.mails.filter((m) => m.to.includes('keyed@pgp.example.test')).length;
    const second = await publish({ severity: Severity.LOW });
    const [refused] = await deliveriesOf(second, 'keyed');
    expect(refused.status).toBe('FAILED');
    expect(refused.last_error).toMatch(/no plaintext e-mail is ever sent to you/);
    expect(smtp.mails.filter((m) => m.to.includes('keyed@pgp.example.test')).length).toBe(mailsBefore);
  });

  it('a key that expired after it was registered is not used: FAILED when encryption is required', async () => {
    // Usable for a few seconds: long enough to be registered on a loaded machine.
    const soon = await openpgp.generateKey({ userIDs: [{ email: 'soon@pgp.example.test' }], keyExpirationTime: 4, format: 'armored' });
    await api.gqlOk(SET_KEY, { key: soon.publicKey }, token('strict'));
    await waitFor('the key to expire', async () => (await api.gqlOk(MINE, {}, token('strict'))).myEmailSecurity.openPgpKeyUsable === false);
    expect((await api.gqlOk(MINE, {}, token('strict'))).myEmailSecurity).toMatchObject({
      openPgpKeyUsable: false,
      encryptionRequired: true,
    });
    const eventId = await publish({ severity: Severity.LOW });
    const [refused] = await deliveriesOf(eventId, 'strict');
    expect(refused.status).toBe('FAILED');
    expect(refused.last_error).toMatch(/OpenPGP public key has expired/);
    expect(smtp.mails.filter((m) => m.to.includes('strict@pgp.example.test') && !isConfirmationMail(m))).toEqual([]);
  });

  it('the daily digest is encrypted too, and refused without a key when encryption is required', async () => {
    await api.gqlOk(SET_KEY, { key: keyPair.publicKey }, token('digester'));
    await api.gqlOk(REQUIRE, { required: true }, token('strictDigester'));
    const eventId = await publish({
      severity: Severity.LOW,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.CLEAR,
      fullTitle: 'PGP digest item',
      fullBody: 'PGP-UNCL-BODY-3X',
    });
    expect((await deliveriesOf(eventId, 'digester'))[0].status).toBe('DIGEST');
    const strictMailsBefore = smtp.mails.filter((m) => m.to.includes('strictdigester@pgp.example.test')).length;
    const digests = worker.get(AlertDigestService, { strict: false });
    for (const id of await digests.collect()) await digests.send(id, true);

    const [sent] = await deliveriesOf(eventId, 'digester');
    expect(sent.status).toBe('DELIVERED');
    const mail = smtp.mails.find((m) => m.to.includes('digester@pgp.example.test') && m.decoded.includes('[DIGEST]'));
    expect(mail?.raw).toMatch(/Content-Type: multipart\/encrypted; protocol="application\/pgp-encrypted"/);
    expect(mail?.decoded).toMatch(/Subject: \[DIGEST\] Council alerts \(encrypted\)/);
    expect(mail?.decoded).not.toContain('PGP digest item');
    const { text } = await decryptMail(mail?.raw ?? '', keyPair.privateKey);
    expect(text).toContain('[LOW] PGP digest item');
    expect(text).toContain(`Delivery ${sent.id}`);
    expect(text).not.toContain('PGP-UNCL-BODY-3X');

    const [refused] = await deliveriesOf(eventId, 'strictDigester');
    expect(refused.status).toBe('FAILED');
    expect(refused.last_error).toMatch(/have no OpenPGP public key registered/);
    expect(smtp.mails.filter((m) => m.to.includes('strictdigester@pgp.example.test')).length).toBe(strictMailsBefore);
  });
});
