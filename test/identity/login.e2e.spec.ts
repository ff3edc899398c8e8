import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Algorithm, hash } from '@node-rs/argon2';
import jwt from 'jsonwebtoken';
import { RedisConnection } from '../../libs/platform/src/redis/redis.provider';
import { insertPerson } from '../support/council-fixtures';
import { expectRefusal } from '../support/membership-session';
import { BOOTSTRAP_ADMIN, startTestApp, TEST_JWT_SECRET, type TestApp } from '../support/test-app';

const LOGIN = `mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken person { id email roles } } }`;
const PASSWORD = 'a long enough passphrase';

let passwordHash: Promise<string> | undefined;

/** One hash for every test person: hashing is the slow part of these tests. */
async function personWithPassword(api: TestApp, fields: Record<string, unknown> = {}) {
  passwordHash ??= hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
  return insertPerson(api.dataSource, { passwordHash: await passwordHash, ...fields });
}

describe('login', () => {
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp();
  });
  afterAll(async () => {
    await api.close();
  });

  it('signs in with the right password, whatever the case of the address, and the token works', async () => {
    const person = await personWithPassword(api);
    const { login } = await api.gqlOk(LOGIN, { email: ` ${person.email.toUpperCase()} `, password: PASSWORD });
    expect(login.person).toEqual({ id: person.id, email: person.email, roles: [] });
    const { me } = await api.gqlOk(`{ me { id } }`, {}, login.accessToken);
    expect(me.id).toBe(person.id);
  });

  it('gives one answer for an unknown address, a wrong password, a deactivated person and one who never set a password', async () => {
    const person = await personWithPassword(api);
    const former = await personWithPassword(api, { active: false });
    const invited = await insertPerson(api.dataSource, { passwordHash: null });
    const answers = [];
    for (const variables of [
      { email: 'nobody@example.test', password: PASSWORD },
      { email: person.email, password: 'wrong password, long enough' },
      { email: former.email, password: PASSWORD },
      { email: invited.email, password: PASSWORD },
    ]) {
      const result = await api.gql(LOGIN, variables);
      answers.push(expectRefusal(result, 'UNAUTHENTICATED', /The e-mail address or password is not correct/));
      expect(result.data ?? null).toBeNull();
    }
    expect(new Set(answers).size).toBe(1);
  });

  it('stops a token from working once its person is deactivated', async () => {
    const person = await personWithPassword(api);
    const { login } = await api.gqlOk(LOGIN, { email: person.email, password: PASSWORD });
    await api.dataSource.query(`UPDATE persons SET active = false WHERE id = $1`, [person.id]);
    expectRefusal(await api.gql(`{ me { id } }`, {}, login.accessToken), 'UNAUTHENTICATED');
  });

  it('refuses an expired token', async () => {
    const person = await personWithPassword(api);
    const expired = api.tokenFor(person.id, { expiresIn: -10 });
    expectRefusal(await api.gql(`{ me { id } }`, {}, expired), 'UNAUTHENTICATED');
  });

  it('refuses a token without an expiry, although signed with the real key', async () => {
    const person = await personWithPassword(api);
    const claims = { algorithm: 'HS256', issuer: 'council', audience: 'council-api' } as const;
    const forever = jwt.sign({ sub: person.id }, TEST_JWT_SECRET, claims);
    expect(jwt.decode(forever)).not.toHaveProperty('exp');
    expectRefusal(await api.gql(`{ me { id } }`, {}, forever), 'UNAUTHENTICATED');
    // The same token with an expiry is accepted: only the missing exp is refused.
    const expiring = jwt.sign({ sub: person.id }, TEST_JWT_SECRET, { ...claims, expiresIn: 60 });
    expect((await api.gqlOk(`{ me { id } }`, {}, expiring)).me.id).toBe(person.id);
  });

  it('refuses over-long credentials as input errors, naming the field', async () => {
    const result = await api.gql(LOGIN, { email: `${'a'.repeat(300)}@example.test`, password: PASSWORD });
    expectRefusal(result, 'BAD_USER_INPUT', /email: email must be shorter than or equal to 254 characters/);
  });

  it('signs in the bootstrap secretariat person', async () => {
    const { login } = await api.gqlOk(LOGIN, BOOTSTRAP_ADMIN);
    expect(login.person.roles).toEqual(['SECRETARIAT']);
  });
});

describe('login rate limits', () => {
  const PER_ACCOUNT = 3;
  const PER_ADDRESS = 6;
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({
      COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
      COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS),
      COUNCIL_LOGIN_WINDOW_SECONDS: '600',
    });
  });
  afterAll(async () => {
    await api.close();
  });

  it('locks an account after its failures, even for the right password, and leaves other accounts alone', async () => {
    const victim = await personWithPassword(api);
    const bystander = await personWithPassword(api);
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectRefusal(await api.gql(LOGIN, { email: victim.email, password: `wrong guess number ${i}` }), 'UNAUTHENTICATED');
    }
    const locked = await api.gql(LOGIN, { email: victim.email, password: PASSWORD });
    expectRefusal(locked, 'RATE_LIMITED', /Too many failed sign-in attempts: try again in \d+ seconds/);
    expect(locked.errors?.[0].extensions?.details).toEqual({ retryAfterSeconds: expect.any(Number) });
    await api.gqlOk(LOGIN, { email: bystander.email, password: PASSWORD });
  });

  it('locks unknown addresses exactly like known ones', async () => {
    for (let i = 0; i < PER_ACCOUNT; i++) {
      expectRefusal(await api.gql(LOGIN, { email: 'ghost@example.test', password: `guess ${i} is long` }), 'UNAUTHENTICATED');
    }
    expectRefusal(await api.gql(LOGIN, { email: 'ghost@example.test', password: 'one more guess' }), 'RATE_LIMITED');
  });

  it('locks a client address after its failures across accounts', async () => {
    // The two tests above spent 2 × PER_ACCOUNT failures from this address, which is PER_ADDRESS.
    const fresh = await personWithPassword(api);
    const result = await api.gql(LOGIN, { email: fresh.email, password: PASSWORD });
    expectRefusal(result, 'RATE_LIMITED');
  });

  it("keeps its counters in Redis under this deployment's prefix", async () => {
    const redis = api.app.get(RedisConnection).client;
    const keys = await redis.keys(`${api.env.COUNCIL_REDIS_PREFIX}:login-failures-*`);
    expect(keys.length).toBeGreaterThanOrEqual(3);
    expect(keys.join()).not.toContain('@');
  });
});

describe('login rate limits under parallel attempts', () => {
  const PER_ACCOUNT = 5;
  const PER_ADDRESS = 20;
  const WINDOW_SECONDS = 3;
  const PARALLEL = 60;
  let api: TestApp;
  beforeAll(async () => {
    api = await startTestApp({
      COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT: String(PER_ACCOUNT),
      COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS: String(PER_ADDRESS),
      COUNCIL_LOGIN_WINDOW_SECONDS: String(WINDOW_SECONDS),
    });
  });
  afterAll(async () => {
    await api.close();
  });

  const codesOf = async (attempts: Array<{ email: string; password: string }>) => {
    const results = await Promise.all(attempts.map((variables) => api.gql(LOGIN, variables)));
    const codes = results.map((result) => result.errors?.[0]?.extensions?.code ?? 'OK');
    return {
      unauthenticated: codes.filter((c) => c === 'UNAUTHENTICATED').length,
      limited: codes.filter((c) => c === 'RATE_LIMITED').length,
      codes,
    };
  };

  it("checks at most the account's limit of parallel wrong passwords, then refuses even the right one until the window passes", async () => {
    const victim = await personWithPassword(api);
    const guesses = Array.from({ length: PARALLEL }, (_, i) => ({ email: victim.email, password: `parallel wrong guess ${i}` }));
    const { unauthenticated, limited } = await codesOf(guesses);
    expect(unauthenticated).toBe(PER_ACCOUNT);
    expect(limited).toBe(PARALLEL - PER_ACCOUNT);

    expectRefusal(await api.gql(LOGIN, { email: victim.email, password: PASSWORD }), 'RATE_LIMITED', /try again in \d+ seconds/);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 + 300));
    const { login } = await api.gqlOk(LOGIN, { email: victim.email, password: PASSWORD });
    expect(login.person.id).toBe(victim.id);
  });

  it("checks at most the address's limit of parallel wrong passwords spread over many accounts", async () => {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_SECONDS * 1000 + 300));
    const guesses = Array.from({ length: PARALLEL }, (_, i) => ({ email: `spray-${i}@example.test`, password: `sprayed guess ${i}` }));
    const { unauthenticated, limited } = await codesOf(guesses);
    expect(unauthenticated).toBe(PER_ADDRESS);
    expect(limited).toBe(PARALLEL - PER_ADDRESS);
  });
});
