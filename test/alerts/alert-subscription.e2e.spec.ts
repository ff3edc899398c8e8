import type { INestApplication } from '@nestjs/common';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MAX_LIVE_SUBSCRIPTIONS_PER_PERSON } from '../../apps/api/src/alerts/alert-subscription.resolver';
import { LiveAlertHub } from '../../apps/api/src/alerts/live/live-alert-hub';
import { LiveAlertPublisher } from '../../libs/alerts/src/live/live-alert-publisher';
import { Classification, MembershipTier, Role, Severity, Tlp } from '../../libs/platform/src/vocabulary';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { QUIET_MS, sleep, startWorker, waitFor } from './alert-test-kit';

const ALERT_RECEIVED = `subscription { alertReceived { id severity escalation advisory { id access title body recommendedActions } } }`;

interface Received {
  id: string;
  severity: string;
  escalation: boolean;
  advisory: { id: string; access: string; title: string | null; body: string | null; recommendedActions: string[] | null } | null;
}

interface Live {
  client: Client;
  events: Received[];
  errors: unknown[];
  /** The close event of the socket (code and reason), once it closed. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/**
 * A real graphql-ws client (the `graphql-ws` package over the `ws` package) subscribed to
 * alertReceived, as a browser would be.
 */
function subscribe(api: TestApp, token: string | null, query = ALERT_RECEIVED): Live {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    onClosed = resolve;
  });
  const client = createClient({
    url: `${api.url.replace(/^http/, 'ws')}/graphql`,
    webSocketImpl: WebSocket,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: true,
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        onClosed({ code, reason: String(reason) });
      },
    },
  });
  const live: Live = {
    client,
    events: [],
    errors: [],
    closed,
    async dispose() {
      await client.dispose();
    },
  };
  client.subscribe<{ alertReceived: Received }>(
    { query },
    {
      next: (result) => {
        if (result.errors) live.errors.push(...result.errors);
        if (result.data?.alertReceived) live.events.push(result.data.alertReceived);
      },
      error: (error) => live.errors.push(error),
      complete: () => undefined,
    },
  );
  return live;
}

describe('Subscription.alertReceived over graphql-ws: each subscriber gets their own alerts, as they may read them now', () => {
  let api: TestApp;
  let worker: INestApplication;
  let authorId: string;
  const people: Record<'reader' | 'outsider' | 'leaver' | 'dormant' | 'late', { id: string; token: string }> = {} as never;
  const sockets: Live[] = [];

  const hub = () => api.app.get(LiveAlertHub, { strict: false });
  const listening = (personId: string) => waitFor(`${personId} to be subscribed`, () => hub().subscriptionsOf(personId) > 0);
  const open = (token: string | null, query?: string) => {
    const live = subscribe(api, token, query);
    sockets.push(live);
    return live;
  };

  /** An advisory published the way the lifecycle leaves it: the row and its outbox event, committed together. */
  async function publish(fields: Parameters<typeof insertAdvisory>[1]): Promise<string> {
    const advisory = await insertAdvisory(api.dataSource, fields);
    await api.dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now())`,
      [advisory.id],
    );
    return advisory.id;
  }

  async function alertOf(personId: string, advisoryId: string): Promise<string | null> {
    const [row] = await api.dataSource.query(`SELECT id FROM alerts WHERE person_id = $1 AND advisory_id = $2`, [personId, advisoryId]);
    return row ? row.id : null;
  }

  beforeAll(async () => {
    api = await startTestApp({ COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50' });
    worker = await startWorker();
    const member = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    // Its confidentiality agreement lapsed: its people are not members (rule A reads no confidential view).
    const lapsed = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2, agreementExpiresAt: inDays(-1) });
    authorId = (await insertPerson(api.dataSource, { organisationId: member.id })).id;
    for (const [name, organisationId] of [
      ['reader', member.id],
      ['outsider', lapsed.id],
      ['leaver', member.id],
      ['dormant', member.id],
      ['late', member.id],
    ] as const) {
      const person = await insertPerson(api.dataSource, { organisationId });
      people[name] = { id: person.id, token: api.tokenFor(person.id) };
    }
    await api.dataSource.query(`UPDATE persons SET active = false WHERE id = $1`, [people.dormant.id]);
  });

  afterAll(async () => {
    await Promise.all(sockets.map((live) => live.dispose().catch(() => undefined)));
    await worker?.close();
    await api?.close();
  });

  it('a COUNCIL_CONFIDENTIAL advisory: the member receives exactly their alert with the FULL view; the non-member nothing', async () => {
    const reader = open(people.reader.token);
    const outsider = open(people.outsider.token);
    await listening(people.reader.id);
    await listening(people.outsider.id);

    const advisoryId = await publish({
      authorId,
      severity: Severity.HIGH,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'Confidential: exploited VPN appliance',
      fullBody: 'Confidential body',
      fullRecommendedActions: ['Patch the appliance'],
    });

    await waitFor('the reader’s live alert', () => reader.events.length > 0);
    const alertId = await alertOf(people.reader.id, advisoryId);
    expect(alertId).not.toBeNull();
    expect(await alertOf(people.outsider.id, advisoryId)).toBeNull();
    await sleep(QUIET_MS);
    expect(reader.errors).toEqual([]);
    expect(reader.events).toEqual([
      {
        id: alertId,
        severity: 'HIGH',
        escalation: false,
        advisory: {
          id: advisoryId,
          access: 'FULL',
          title: 'Confidential: exploited VPN appliance',
          body: 'Confidential body',
          recommendedActions: ['Patch the appliance'],
        },
      },
    ]);
    expect(outsider.events).toEqual([]);
    expect(outsider.errors).toEqual([]);
  });

  it('an advisory with a public tear line: the member gets FULL, the non-member the TEAR_LINE view (no body), each only their own alert', async () => {
    const reader = open(people.reader.token);
    const outsider = open(people.outsider.token);
    await waitFor(
      'both subscribed twice',
      () => hub().subscriptionsOf(people.reader.id) >= 2 && hub().subscriptionsOf(people.outsider.id) >= 2,
    );

    const advisoryId = await publish({
      authorId,
      severity: Severity.CRITICAL,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'Confidential title',
      fullBody: 'Confidential body',
      fullRecommendedActions: ['Confidential action'],
      hasTearLine: true,
      tearLineClassification: Classification.UNCLASSIFIED,
      tearLineTlp: Tlp.CLEAR,
      tearLineTitle: 'Public tear line',
      tearLineSummary: 'Public summary',
      tearLineRecommendedActions: ['Public action'],
    });

    await waitFor('both live alerts', () => reader.events.length > 0 && outsider.events.length > 0);
    await sleep(QUIET_MS);
    const readerAlert = await alertOf(people.reader.id, advisoryId);
    const outsiderAlert = await alertOf(people.outsider.id, advisoryId);
    expect(reader.events).toEqual([
      {
        id: readerAlert,
        severity: 'CRITICAL',
        escalation: false,
        advisory: {
          id: advisoryId,
          access: 'FULL',
          title: 'Confidential title',
          body: 'Confidential body',
          recommendedActions: ['Confidential action'],
        },
      },
    ]);
    expect(outsider.events).toEqual([
      {
        id: outsiderAlert,
        severity: 'CRITICAL',
        escalation: false,
        advisory: { id: advisoryId, access: 'TEAR_LINE', title: 'Public tear line', body: null, recommendedActions: ['Public action'] },
      },
    ]);
  });

  it('ids published for someone else’s alert reach no other subscriber', async () => {
    const outsider = open(people.outsider.token);
    await waitFor('subscribed', () => hub().subscriptionsOf(people.outsider.id) >= 3);
    const [someoneElses] = await api.dataSource.query(`SELECT id FROM alerts WHERE person_id = $1 LIMIT 1`, [people.reader.id]);
    // The channel as the worker uses it, carrying the reader's alert id.
    await worker.get(LiveAlertPublisher).publish([someoneElses.id]);
    await sleep(QUIET_MS);
    expect(outsider.events).toEqual([]);
  });

  it('refuses a connection without a token, with a bad token, or with a deactivated person’s token (4403)', async () => {
    for (const token of [null, 'not-a-token', people.dormant.token]) {
      const live = open(token);
      const closed = await live.closed;
      expect(closed.code).toBe(4403);
      expect(live.events).toEqual([]);
    }
  });

  it('serves subscriptions only: a query over the socket is refused', async () => {
    const live = open(people.reader.token, `query { me { id } }`);
    await waitFor('the refusal', () => live.errors.length > 0);
    expect(JSON.stringify(live.errors)).toContain('Only subscriptions are served over WebSocket');
    expect(live.events).toEqual([]);
  });

  it('a person deactivated after subscribing receives nothing further, and their socket is closed', async () => {
    const leaver = open(people.leaver.token);
    const reader = open(people.reader.token);
    await listening(people.leaver.id);
    await waitFor('reader subscribed', () => hub().subscriptionsOf(people.reader.id) >= 3);

    const first = await publish({ authorId, severity: Severity.HIGH, fullTitle: 'Before' });
    await waitFor('the leaver’s first alert', () => leaver.events.length === 1);
    expect(leaver.events[0].advisory).toMatchObject({ id: first, access: 'FULL', title: 'Before' });

    await api.dataSource.query(`UPDATE persons SET active = false WHERE id = $1`, [people.leaver.id]);
    const eventsBefore = reader.events.length;
    const second = await publish({ authorId, severity: Severity.HIGH, fullTitle: 'After' });
    await waitFor('the reader’s alert of the second advisory', () => reader.events.length > eventsBefore);
    expect(reader.events.at(-1)?.advisory?.id).toBe(second);

    const closed = await live(leaver.closed, 20_000);
    expect(closed.code).toBe(4403);
    expect(leaver.events).toHaveLength(1);
    expect(hub().subscriptionsOf(people.leaver.id)).toBe(0);
  });

  it('an alert id delivered after its person was deactivated is not pushed: the socket is closed instead', async () => {
    const late = open(people.late.token);
    await listening(people.late.id);
    const advisoryId = await publish({ authorId, severity: Severity.HIGH, fullTitle: 'Late' });
    await waitFor('the first push', () => late.events.length === 1);
    const alertId = await alertOf(people.late.id, advisoryId);
    // The alert row was made while the person was active; the next delivery of its id finds them deactivated.
    await api.dataSource.query(`UPDATE persons SET active = false WHERE id = $1`, [people.late.id]);
    await worker.get(LiveAlertPublisher).publish([alertId!]);
    expect((await live(late.closed, 20_000)).code).toBe(4403);
    expect(late.events).toHaveLength(1);
  });

  it('a person no longer allowed to read the advisory when the alert is delivered gets nothing (the policy at delivery time)', async () => {
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    const person = await insertPerson(api.dataSource, { organisationId: org.id });
    const demoted = open(api.tokenFor(person.id));
    await listening(person.id);
    const advisoryId = await publish({
      authorId,
      severity: Severity.HIGH,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTitle: 'Members only',
    });
    await waitFor('the first push', () => demoted.events.length === 1);
    // The organisation's agreement lapses: rule A no longer gives the person the confidential view.
    await api.dataSource.query(`UPDATE organisations SET agreement_expires_at = now() - interval '1 day' WHERE id = $1`, [org.id]);
    await worker.get(LiveAlertPublisher).publish([(await alertOf(person.id, advisoryId))!]);
    await sleep(QUIET_MS);
    expect(demoted.events).toHaveLength(1);
    expect(demoted.errors).toEqual([]);
    // Still signed in and active: the connection stays open.
    expect(hub().subscriptionsOf(person.id)).toBe(1);
  });

  it('an unacknowledged CRITICAL alert that escalates reaches the CISO live as an escalation', async () => {
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    await api.dataSource.query(`UPDATE organisations SET escalation_delay_seconds = 1 WHERE id = $1`, [org.id]);
    const colleague = await insertPerson(api.dataSource, { organisationId: org.id });
    const ciso = await insertPerson(api.dataSource, { organisationId: org.id, roles: [Role.CISO] });
    const cisoLive = open(api.tokenFor(ciso.id));
    const colleagueLive = open(api.tokenFor(colleague.id));
    await listening(ciso.id);
    await listening(colleague.id);

    const advisoryId = await publish({ authorId, severity: Severity.CRITICAL, fullTitle: 'Escalating' });
    await waitFor(
      'the CISO’s alert and its escalation',
      () => cisoLive.events.length >= 2 && cisoLive.events.some((event) => event.escalation),
      30_000,
    );
    await waitFor('the colleague’s alert', () => colleagueLive.events.length >= 1);
    await sleep(QUIET_MS);
    const [escalation] = await api.dataSource.query(
      `SELECT id FROM alerts WHERE person_id = $1 AND advisory_id = $2 AND escalation_of IS NOT NULL`,
      [ciso.id, advisoryId],
    );
    expect(cisoLive.events.map((event) => [event.escalation, event.advisory?.title])).toEqual([
      [false, 'Escalating'],
      [true, 'Escalating'],
    ]);
    expect(cisoLive.events[1].id).toBe(escalation.id);
    // The colleague gets their own alert only, never the CISO's escalation.
    expect(colleagueLive.events.map((event) => event.escalation)).toEqual([false]);
  });

  it('closes the socket with 4401 when the access token expires', async () => {
    const person = await insertPerson(api.dataSource, {});
    // Valid for 5 to 6 s (whole seconds): time enough to connect on a loaded machine, since a token
    // already expired at connection is refused with 4403 instead.
    const shortLived = open(api.tokenFor(person.id, { expiresIn: 6 }));
    await listening(person.id);
    expect((await live(shortLived.closed, 30_000)).code).toBe(4401);
    await waitFor('the stream to end', () => hub().subscriptionsOf(person.id) === 0);
  });

  it(`refuses a person's subscription beyond ${MAX_LIVE_SUBSCRIPTIONS_PER_PERSON} at a time (RATE_LIMITED)`, async () => {
    const person = await insertPerson(api.dataSource, {});
    const token = api.tokenFor(person.id);
    for (let i = 0; i < MAX_LIVE_SUBSCRIPTIONS_PER_PERSON; i++) open(token);
    await waitFor('all subscribed', () => hub().subscriptionsOf(person.id) === MAX_LIVE_SUBSCRIPTIONS_PER_PERSON);
    const extra = open(token);
    await waitFor('the refusal', () => extra.errors.length > 0);
    expect(extra.errors).toMatchObject([{ extensions: { code: 'RATE_LIMITED' } }]);
    expect(hub().subscriptionsOf(person.id)).toBe(MAX_LIVE_SUBSCRIPTIONS_PER_PERSON);
  });

  it('every API replica delivers to its own subscribers: a second replica on the same database and Redis prefix', async () => {
    const replica = await startTestApp({
      DATABASE_URL: api.databaseUrl,
      COUNCIL_REDIS_PREFIX: api.env.COUNCIL_REDIS_PREFIX,
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    try {
      const person = await insertPerson(api.dataSource, { organisationId: (await insertOrganisation(api.dataSource, {})).id });
      const onFirst = open(api.tokenFor(person.id));
      const onSecond = subscribe(replica, replica.tokenFor(person.id));
      sockets.push(onSecond);
      await listening(person.id);
      await waitFor('subscribed on the replica', () => replica.app.get(LiveAlertHub, { strict: false }).subscriptionsOf(person.id) === 1);
      const advisoryId = await publish({ authorId, severity: Severity.HIGH, fullTitle: 'Both replicas' });
      await waitFor('both pushes', () => onFirst.events.length === 1 && onSecond.events.length === 1);
      const alertId = await alertOf(person.id, advisoryId);
      expect(onFirst.events.map((e) => e.id)).toEqual([alertId]);
      expect(onSecond.events.map((e) => e.id)).toEqual([alertId]);
      expect(onSecond.events[0].advisory).toMatchObject({ id: advisoryId, access: 'FULL', title: 'Both replicas' });
      await onSecond.dispose();
    } finally {
      await replica.close();
    }
  });
});

/** Resolves with the promise, or fails after `ms`. */
async function live<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not settled within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
