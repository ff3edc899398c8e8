import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { RedisConnection } from '../../libs/platform/src/redis/redis.provider';
import { castOf, expectRefusal, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const INVITE = `mutation($input: CreatePersonInput!) { invitePerson(input: $input) { token person { id } } }`;
const RENEW = `mutation($personId: ID!) { renewInvitation(personId: $personId) { token } }`;
const ACCEPT = `mutation($token: String!, $password: String!) { acceptInvitation(token: $token, password: $password) { accessToken } }`;
const PASSWORD = 'correct horse battery staple';

let counter = 0;
const email = () => `limited-${Date.now()}-${++counter}@example.test`;

describe('rate limits on invitations (Redis, per person and per client address)', () => {
  let api: TestApp;
  let cast: Cast;

  beforeAll(async () => {
    api = await startTestApp({
      COUNCIL_INVITATIONS_PER_PERSON_PER_HOUR: '3',
      COUNCIL_INVITATIONS_PER_ADDRESS_PER_HOUR: '5',
      COUNCIL_INVITATION_ACCEPTS_PER_TOKEN_PER_HOUR: '2',
      COUNCIL_INVITATION_ACCEPTS_PER_ADDRESS_PER_HOUR: '4',
    });
    cast = await castOf(api);
  });

  afterAll(async () => {
    await api?.close();
  });

  const input = () => ({ email: email(), displayName: 'Rate Limited', organisationId: cast.ownOrg.id, roles: ['ANALYST'] });
  const people = async () => Number((await api.dataSource.query(`SELECT count(*)::int AS n FROM persons`))[0].n);

  it('issuing: a person may issue 3 an hour (invitations and renewals alike), then RATE_LIMITED, nothing created', async () => {
    const first = await api.gqlOk(INVITE, { input: input() }, cast.secretariatToken);
    await api.gqlOk(RENEW, { personId: first.invitePerson.person.id }, cast.secretariatToken);
    await api.gqlOk(INVITE, { input: input() }, cast.secretariatToken);
    const before = await people();
    const refused = await api.gql(INVITE, { input: input() }, cast.secretariatToken);
    expectRefusal(refused, 'RATE_LIMITED', /Too many invitations issued: try again in \d+ seconds/);
    expect(refused.errors?.[0].extensions?.details).toEqual({ retryAfterSeconds: expect.any(Number) });
    expect((refused.errors?.[0].extensions?.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(3000);
    expectRefusal(await api.gql(RENEW, { personId: first.invitePerson.person.id }, cast.secretariatToken), 'RATE_LIMITED');
    expect(await people()).toBe(before);
  });

  it('issuing: the client address has its own limit (5 an hour) across people', async () => {
    // The address has spent 5 attempts above (3 allowed, 2 refused); another person from it is refused too.
    const result = await api.gql(INVITE, { input: input() }, cast.orgAdminToken);
    expectRefusal(result, 'RATE_LIMITED', /Too many invitations issued/);
  });

  /** An invitation with a known token for a person who has not accepted yet, as the service stores it (SHA-256 only). */
  const invitationWithToken = async (token: string, expiresInSeconds: number): Promise<string> => {
    const [row] = await api.dataSource.query(`SELECT id FROM persons WHERE password_hash IS NULL AND email LIKE 'limited-%' LIMIT 1`);
    await api.dataSource.query(
      `INSERT INTO invitations (person_id, token_hash, expires_at, invited_by_id)
       VALUES ($1, encode(sha256(convert_to($2, 'UTF8')), 'hex'), now() + make_interval(secs => $3), $4)`,
      [row.id, token, expiresInSeconds, cast.secretariat.id],
    );
    return row.id as string;
  };

  it('accepting: 2 attempts per token an hour, then RATE_LIMITED; Redis never holds the token', async () => {
    const token = 'expired-token-for-rate-limit-test-0123456789abcdef';
    await invitationWithToken(token, -60);
    expectRefusal(await api.gql(ACCEPT, { token, password: PASSWORD }), 'BAD_USER_INPUT', /expired/);
    expectRefusal(await api.gql(ACCEPT, { token, password: PASSWORD }), 'BAD_USER_INPUT', /expired/);
    expectRefusal(
      await api.gql(ACCEPT, { token, password: PASSWORD }),
      'RATE_LIMITED',
      /Too many attempts to accept an invitation: try again in \d+ seconds/,
    );
    const keys = await api.app.get(RedisConnection).client.keys(`${api.env.COUNCIL_REDIS_PREFIX}:rate-invitation-accepts-*`);
    expect(keys).toHaveLength(2);
    expect(keys.join()).not.toContain(token);
  });

  it('accepting: 4 attempts per client address across tokens, then RATE_LIMITED even with a valid token, which stays unused', async () => {
    // 3 attempts spent above; one more guess is allowed, then the address is refused.
    expectRefusal(await api.gql(ACCEPT, { token: 'guess-number-one', password: PASSWORD }), 'BAD_USER_INPUT');
    const token = 'valid-token-for-rate-limit-test-0123456789abcdefgh';
    const personId = await invitationWithToken(token, 3600);
    expectRefusal(await api.gql(ACCEPT, { token, password: PASSWORD }), 'RATE_LIMITED');
    const [after] = await api.dataSource.query(`SELECT password_hash FROM persons WHERE id = $1`, [personId]);
    expect(after.password_hash).toBeNull();
    const [invitation] = await api.dataSource.query(
      `SELECT accepted_at FROM invitations WHERE person_id = $1 ORDER BY created_at DESC LIMIT 1`,
      [personId],
    );
    expect(invitation.accepted_at).toBeNull();
  });
});
