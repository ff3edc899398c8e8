import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Severity } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type GraphQLResponse, type TestApp } from '../support/test-app';

const CHANNEL = 'id kind target minSeverity enabled';
const ADD = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { ${CHANNEL} } signingSecret } }`;
const REMOVE = `mutation Remove($id: ID!) { removeAlertChannel(id: $id) }`;
const CHANNELS = `query { myAlertChannels { ${CHANNEL} } }`;
const ALERTS = `query Alerts($unack: Boolean) { myAlerts(unacknowledgedOnly: $unack) { id severity createdAt acknowledgedAt advisory { id title access } } }`;
const ACK = `mutation Ack($id: ID!) { acknowledgeAlert(id: $id) { id acknowledgedAt } }`;

function errorOf(result: GraphQLResponse, code: string): string {
  expect(result.errors?.[0]?.extensions?.code).toBe(code);
  return result.errors?.[0]?.message ?? '';
}

describe('alert channels and alerts through GraphQL', () => {
  let api: TestApp;
  let alice: { id: string; token: string; email: string };
  let bob: { id: string; token: string };

  beforeAll(async () => {
    api = await startTestApp({ SMTP_URL: 'smtp://127.0.0.1:2525' });
    const org = await insertOrganisation(api.dataSource);
    const a = await insertPerson(api.dataSource, { organisationId: org.id });
    const b = await insertPerson(api.dataSource, { organisationId: org.id });
    alice = { id: a.id, token: api.tokenFor(a.id), email: a.email };
    bob = { id: b.id, token: api.tokenFor(b.id) };
  });
  afterAll(async () => {
    await api.close();
  });

  it('adds a webhook and shows its signing secret once, never in myAlertChannels', async () => {
    const added = (await api.gqlOk(ADD, { input: { kind: 'WEBHOOK', target: 'http://127.0.0.1:9/hook', minSeverity: 'LOW' } }, alice.token))
      .addAlertChannel;
    expect(added.channel).toMatchObject({ kind: 'WEBHOOK', target: 'http://127.0.0.1:9/hook', minSeverity: 'LOW', enabled: true });
    expect(added.signingSecret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const [row] = await api.dataSource.query(`SELECT signing_secret_sealed FROM alert_channels WHERE id = $1`, [added.channel.id]);
    expect(row.signing_secret_sealed).not.toContain(added.signingSecret);
    const listed = (await api.gqlOk(CHANNELS, {}, alice.token)).myAlertChannels;
    expect(listed).toEqual([added.channel]);
    expect(JSON.stringify(listed)).not.toContain(added.signingSecret);
  });

  it('adds EMAIL (default: the person’s own address) and IN_APP channels without a secret', async () => {
    const email = (await api.gqlOk(ADD, { input: { kind: 'EMAIL', minSeverity: 'MEDIUM' } }, alice.token)).addAlertChannel;
    expect(email).toMatchObject({ channel: { kind: 'EMAIL', target: alice.email }, signingSecret: null });
    const inApp = (await api.gqlOk(ADD, { input: { kind: 'IN_APP', minSeverity: 'INFO' } }, alice.token)).addAlertChannel;
    expect(inApp).toMatchObject({ channel: { kind: 'IN_APP', target: null }, signingSecret: null });
  });

  it('refuses malformed targets with clear messages', async () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ kind: 'WEBHOOK', minSeverity: 'LOW' }, /needs a target URL/],
      [{ kind: 'WEBHOOK', target: 'not a url', minSeverity: 'LOW' }, /absolute URL/],
      [{ kind: 'WEBHOOK', target: 'ftp://example.org/x', minSeverity: 'LOW' }, /https/],
      [{ kind: 'WEBHOOK', target: 'https://user:pw@example.org/x', minSeverity: 'LOW' }, /user name or password/],
      [{ kind: 'EMAIL', target: 'nobody', minSeverity: 'LOW' }, /e-mail address/],
      [{ kind: 'IN_APP', target: 'https://example.org', minSeverity: 'LOW' }, /takes no target/],
    ];
    for (const [input, message] of cases) {
      expect(errorOf(await api.gql(ADD, { input }, alice.token), 'BAD_USER_INPUT')).toMatch(message);
    }
  });

  it('lets only the owner remove a channel: someone else’s is NOT_FOUND, like an unknown id', async () => {
    const added = (await api.gqlOk(ADD, { input: { kind: 'IN_APP', minSeverity: 'HIGH' } }, alice.token)).addAlertChannel;
    const foreign = errorOf(await api.gql(REMOVE, { id: added.channel.id }, bob.token), 'NOT_FOUND');
    const unknown = errorOf(await api.gql(REMOVE, { id: '00000000-0000-4000-8000-000000000000' }, bob.token), 'NOT_FOUND');
    expect(foreign).toBe(unknown);
    expect((await api.gqlOk(REMOVE, { id: added.channel.id }, alice.token)).removeAlertChannel).toBe(true);
    expect((await api.gqlOk(CHANNELS, {}, alice.token)).myAlertChannels.map((c: { id: string }) => c.id)).not.toContain(added.channel.id);
    errorOf(await api.gql(REMOVE, { id: added.channel.id }, alice.token), 'NOT_FOUND');
  });

  it('lists the person’s own alerts with the advisory as they may see it now, and acknowledges only their own', async () => {
    const author = await insertPerson(api.dataSource, { organisationId: (await insertOrganisation(api.dataSource)).id });
    const advisory = await insertAdvisory(api.dataSource, { authorId: author.id, severity: Severity.CRITICAL, fullTitle: 'Visible title' });
    const hidden = await insertAdvisory(api.dataSource, { authorId: author.id, audiencePersonIds: [bob.id], fullTitle: 'Not for Alice' });
    const [{ id: eventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at) VALUES ('advisory.published', $1, 1, now(), now()) RETURNING id`,
      [advisory.id],
    );
    const [{ id: hiddenEventId }] = await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at) VALUES ('advisory.published', $1, 1, now(), now()) RETURNING id`,
      [hidden.id],
    );
    const insert = `INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access) VALUES ($1, $2, $3, 'advisory.published', $4, 'FULL') RETURNING id`;
    const [{ id: aliceAlert }] = await api.dataSource.query(insert, [eventId, alice.id, advisory.id, 'CRITICAL']);
    const [{ id: aliceHidden }] = await api.dataSource.query(insert, [hiddenEventId, alice.id, hidden.id, 'MEDIUM']);
    const [{ id: bobAlert }] = await api.dataSource.query(insert, [eventId, bob.id, advisory.id, 'CRITICAL']);

    const alerts = (await api.gqlOk(ALERTS, {}, alice.token)).myAlerts;
    expect(alerts.map((a: { id: string }) => a.id).sort()).toEqual([aliceAlert, aliceHidden].sort());
    expect(alerts.find((a: { id: string }) => a.id === aliceAlert)).toMatchObject({
      severity: 'CRITICAL',
      acknowledgedAt: null,
      advisory: { id: advisory.id, title: 'Visible title', access: 'FULL' },
    });
    // Alice no longer may see (never could see) the second advisory: the alert stays, its advisory is null.
    expect(alerts.find((a: { id: string }) => a.id === aliceHidden)).toMatchObject({ severity: 'MEDIUM', advisory: null });

    const foreign = errorOf(await api.gql(ACK, { id: bobAlert }, alice.token), 'NOT_FOUND');
    expect(foreign).toBe(errorOf(await api.gql(ACK, { id: '00000000-0000-4000-8000-000000000000' }, alice.token), 'NOT_FOUND'));
    const acked = (await api.gqlOk(ACK, { id: aliceAlert }, alice.token)).acknowledgeAlert;
    expect(acked.acknowledgedAt).not.toBeNull();
    expect((await api.gqlOk(ACK, { id: aliceAlert }, alice.token)).acknowledgeAlert.acknowledgedAt).toBe(acked.acknowledgedAt);
    const unacked = (await api.gqlOk(ALERTS, { unack: true }, alice.token)).myAlerts;
    expect(unacked.map((a: { id: string }) => a.id)).toEqual([aliceHidden]);
    expect((await api.gqlOk(ALERTS, {}, bob.token)).myAlerts).toEqual([expect.objectContaining({ id: bobAlert, acknowledgedAt: null })]);
  });

  it('caps a person’s channels at 10 (disabled ones count, removed ones do not), with a clear CONFLICT', async () => {
    const carol = await insertPerson(api.dataSource);
    const token = api.tokenFor(carol.id);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) {
      const input =
        i % 2 === 0
          ? { kind: 'IN_APP', minSeverity: 'HIGH' }
          : { kind: 'WEBHOOK', target: `http://127.0.0.1:9/hook-${i}`, minSeverity: 'LOW' };
      ids.push((await api.gqlOk(ADD, { input }, token)).addAlertChannel.channel.id);
    }
    await api.gqlOk(`mutation { updateAlertChannel(id: "${ids[0]}", input: { enabled: false }) { id } }`, {}, token);
    const refused = errorOf(await api.gql(ADD, { input: { kind: 'IN_APP', minSeverity: 'HIGH' } }, token), 'CONFLICT');
    expect(refused).toBe('You already have 10 alert channels, the most one person may have: remove one you no longer use first');
    expect((await api.gqlOk(CHANNELS, {}, token)).myAlertChannels).toHaveLength(10);
    // Two at once cannot both slip under the cap.
    await api.gqlOk(REMOVE, { id: ids[1] }, token);
    const racing = await Promise.all([0, 1, 2].map(() => api.gql(ADD, { input: { kind: 'IN_APP', minSeverity: 'HIGH' } }, token)));
    expect(racing.filter((r) => !r.errors).length).toBe(1);
    expect((await api.gqlOk(CHANNELS, {}, token)).myAlertChannels).toHaveLength(10);
  });

  it('needs a signed-in person', async () => {
    errorOf(await api.gql(CHANNELS, {}), 'UNAUTHENTICATED');
  });
});

describe('webhook targets on a server without COUNCIL_ALLOW_INSECURE_WEBHOOKS', () => {
  let api: TestApp;
  let token: string;

  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_ALLOW_INSECURE_WEBHOOKS: 'false', SMTP_URL: '' });
    token = api.tokenFor((await insertPerson(api.dataSource)).id);
  });
  afterAll(async () => {
    await api.close();
  });

  it('refuses http, and hosts that are or resolve to non-public addresses (the table of addresses: webhook-target.spec.ts)', async () => {
    expect(
      errorOf(
        await api.gql(ADD, { input: { kind: 'WEBHOOK', target: 'http://example.org/hook', minSeverity: 'LOW' } }, token),
        'BAD_USER_INPUT',
      ),
    ).toMatch(/must use https/);
    const refused = [
      'https://127.0.0.1/hook',
      'https://localhost/hook',
      'https://10.1.2.3/hook',
      'https://192.168.0.10/hook',
      'https://100.64.0.1/hook',
      'https://169.254.169.254/latest/meta-data',
      'https://[::1]/hook',
      'https://[fe80::1]/hook',
      'https://[::127.0.0.1]/hook',
      'https://[::ffff:0:127.0.0.1]/hook',
      'https://[::ffff:127.0.0.1]/hook',
      'https://[64:ff9b::10.0.0.1]/hook',
      'https://[2002:7f00:1::]/hook',
      'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
      'https://[fec0::1]/hook',
    ];
    const NOT_PUBLIC =
      'A webhook target must be a public address: it may not be or resolve to a private, loopback or link-local address, nor to any other special-purpose or IPv4-embedding IPv6 range';
    for (const target of refused) {
      const result = await api.gql(ADD, { input: { kind: 'WEBHOOK', target, minSeverity: 'LOW' } }, token);
      expect({ target, refusal: result.errors?.[0]?.message }).toEqual({ target, refusal: NOT_PUBLIC });
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });

  it('accepts a public https address', async () => {
    for (const target of ['https://93.184.215.14/hook', 'https://[2606:4700::1111]/hook', 'https://[64:ff9b::5db8:d70e]/hook']) {
      const added = await api.gqlOk(ADD, { input: { kind: 'WEBHOOK', target, minSeverity: 'LOW' } }, token);
      expect(added.addAlertChannel.channel.target).toBe(target);
    }
  });

  it('refuses EMAIL channels when no SMTP server is configured', async () => {
    expect(errorOf(await api.gql(ADD, { input: { kind: 'EMAIL', minSeverity: 'LOW' } }, token), 'BAD_USER_INPUT')).toMatch(
      /no SMTP server/,
    );
  });
});
