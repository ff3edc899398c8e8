import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startSmtpReceiver } from '../alerts/alert-receivers';
import { castOf, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const INVITE = `mutation($input: CreatePersonInput!) { invitePerson(input: $input) { token delivery notice expiresAt person { id email } } }`;
const RENEW = `mutation($personId: ID!) { renewInvitation(personId: $personId) { token delivery notice } }`;
const ACCEPT = `mutation($token: String!) { acceptInvitation(token: $token, password: "the invitee's own passphrase") { person { id } } }`;
const PUBLIC_URL = 'https://council.example.jp';
/** What production requires besides NODE_ENV (a webhook-secret key of its own, where the platform has one). */
const PRODUCTION = { NODE_ENV: 'production', COUNCIL_ALERT_SECRET_KEY: 'Vn3kQ8zR1xW6tY0pL4mB7cF2hJ9sD5gA3eK8uT1o' };

let counter = 0;
const invitee = () => ({ email: `delivered-${Date.now()}-${++counter}@example.test`, displayName: '招待 花子', roles: ['ANALYST'] });

/** The token of the last invitation link e-mailed to `to`. */
function tokenMailedTo(mails: Array<{ to: string[]; decoded: string }>, to: string): string | undefined {
  const mail = mails.filter((m) => m.to.includes(to)).at(-1);
  return mail?.decoded.match(/https:\/\/council\.example\.jp\/console\/invitation\?token=([A-Za-z0-9_-]+)/)?.[1];
}

describe('invitation tokens in production: to the invitee only, by e-mail', () => {
  let api: TestApp;
  let cast: Cast;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  beforeAll(async () => {
    smtp = await startSmtpReceiver();
    api = await startTestApp({ ...PRODUCTION, SMTP_URL: smtp.url, COUNCIL_PUBLIC_URL: PUBLIC_URL });
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
    await smtp.close();
  });

  it('never returns the token to the inviter; the invitee receives it and accepts with it', async () => {
    const input = { ...invitee(), organisationId: cast.ownOrg.id };
    const { invitePerson } = await api.gqlOk(INVITE, { input }, cast.orgAdminToken);
    expect(invitePerson).toMatchObject({ token: '', delivery: 'EMAILED', notice: null, person: { email: input.email } });
    const token = tokenMailedTo(smtp.mails, input.email);
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(invitePerson)).not.toContain(token);
    const mail = smtp.mails.find((m) => m.to.includes(input.email))!;
    expect(mail.to).toEqual([input.email]);
    expect(mail.decoded).toContain('招待 花子');

    // Renewing sends a new token the same way; the first stops working.
    const { renewInvitation } = await api.gqlOk(RENEW, { personId: invitePerson.person.id }, cast.secretariatToken);
    expect(renewInvitation).toEqual({ token: '', delivery: 'EMAILED', notice: null });
    const renewed = tokenMailedTo(smtp.mails, input.email);
    expect(renewed).not.toBe(token);
    expect((await api.gql(ACCEPT, { token })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const { acceptInvitation } = await api.gqlOk(ACCEPT, { token: renewed });
    expect(acceptInvitation.person.id).toBe(invitePerson.person.id);
  });

  it('creates the invitation and says so when the e-mail cannot be sent, without the token', async () => {
    await smtp.close();
    const input = invitee();
    const { invitePerson } = await api.gqlOk(INVITE, { input }, cast.secretariatToken);
    expect(invitePerson).toMatchObject({
      token: '',
      delivery: 'EMAIL_FAILED',
      notice: 'The invitation was created, but the e-mail to the invitee could not be sent: renew the invitation to try again',
      person: { email: input.email },
    });
  });
});

describe('invitation tokens in production without SMTP_URL', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp({ ...PRODUCTION, SMTP_URL: '' });
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('creates the invitation, returns no token, and tells the inviter that e-mail is not configured', async () => {
    const input = invitee();
    const { invitePerson } = await api.gqlOk(INVITE, { input }, cast.secretariatToken);
    expect(invitePerson).toMatchObject({
      token: '',
      delivery: 'EMAIL_NOT_CONFIGURED',
      notice:
        'The invitation was created, but e-mail is not configured (SMTP_URL), so the invitee has not received it: configure e-mail, then renew the invitation',
      person: { email: input.email },
    });
    const [{ count }] = await api.dataSource.query(`SELECT count(*)::int AS count FROM invitations WHERE person_id = $1`, [
      invitePerson.person.id,
    ]);
    expect(count).toBe(1);
  });
});

describe('invitation tokens outside production', () => {
  let api: TestApp;
  let cast: Cast;
  beforeAll(async () => {
    api = await startTestApp();
    cast = await castOf(api);
  });
  afterAll(async () => {
    await api.close();
  });

  it('are returned to the inviter, so that development and tests need no mail server', async () => {
    const { invitePerson } = await api.gqlOk(INVITE, { input: invitee() }, cast.secretariatToken);
    expect(invitePerson).toMatchObject({ token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), delivery: 'SHOWN', notice: null });
  });
});
