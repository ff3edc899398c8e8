import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import Redis from 'ioredis';
import WebSocket from 'ws';
import { LiveAlertHub, type LiveListener } from '../../apps/api/src/alerts/live/live-alert-hub';
import { encodeLiveAlerts, liveAlertsChannel } from '../../libs/alerts/src/live/live-alerts';
import { MembershipTier, Severity } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { QUIET_MS, sleep, waitFor } from './alert-test-kit';

/**
 * The hub routes an id to a subscriber only when the alert policy's read rule (alertReadSql of the
 * subscriber's ability) returns it. Two people connected at once, one message carrying both
 * people's alerts, interleaved: each gets exactly their own, both from the hub (what it offers a
 * stream) and over graphql-ws (what the client receives).
 */
describe('the live alert hub: alerts published for two connected people in the same instant', () => {
  let api: TestApp;
  const clients: Client[] = [];
  const listeners: Array<() => void> = [];

  beforeAll(async () => {
    api = await startTestApp({});
  });

  afterAll(async () => {
    listeners.forEach((detach) => detach());
    await Promise.all(clients.map(async (client) => client.dispose()));
    await api?.close();
  });

  it('each subscriber receives exactly their own alerts, never the other person’s', async () => {
    const org = await insertOrganisation(api.dataSource, { tier: MembershipTier.CLASS_2 });
    const author = await insertPerson(api.dataSource, { organisationId: org.id });
    const alice = await insertPerson(api.dataSource, { organisationId: org.id });
    const bob = await insertPerson(api.dataSource, { organisationId: org.id });
    const hub = api.app.get(LiveAlertHub, { strict: false });

    // What the hub offers each person, before the stream's own re-check at delivery time.
    const offered = new Map<string, string[]>([
      [alice.id, []],
      [bob.id, []],
    ]);
    for (const person of [alice, bob]) {
      const listener: LiveListener = { offer: (id) => offered.get(person.id)!.push(id), revoke: () => undefined };
      listeners.push(await hub.register(person.id, listener));
    }

    const received = new Map<string, string[]>([
      [alice.id, []],
      [bob.id, []],
    ]);
    for (const person of [alice, bob]) {
      const client = createClient({
        url: `${api.url.replace(/^http/, 'ws')}/graphql`,
        webSocketImpl: WebSocket,
        connectionParams: { authorization: `Bearer ${api.tokenFor(person.id)}` },
        retryAttempts: 0,
      });
      clients.push(client);
      client.subscribe<{ alertReceived: { id: string } }>(
        { query: 'subscription { alertReceived { id } }' },
        {
          next: (result) => result.data && received.get(person.id)!.push(result.data.alertReceived.id),
          error: () => undefined,
          complete: () => undefined,
        },
      );
    }
    await waitFor('both subscribed over graphql-ws', () => hub.subscriptionsOf(alice.id) === 2 && hub.subscriptionsOf(bob.id) === 2);

    const own = new Map<string, string[]>([
      [alice.id, []],
      [bob.id, []],
    ]);
    for (let i = 0; i < 3; i++) {
      const advisory = await insertAdvisory(api.dataSource, { authorId: author.id, severity: Severity.HIGH, fullTitle: `Both ${i}` });
      const [event] = await api.dataSource.query(
        `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at) VALUES ('advisory.published', $1, 1, now()) RETURNING id`,
        [advisory.id],
      );
      for (const person of [alice, bob]) {
        const [alert] = await api.dataSource.query(
          `INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access)
           VALUES ($1, $2, $3, 'advisory.published', 'HIGH', 'FULL') RETURNING id`,
          [event.id, person.id, advisory.id],
        );
        own.get(person.id)!.push(alert.id);
      }
    }

    // One message, both people's alerts interleaved: one dispatch serves both subscribers.
    const publisher = new Redis(api.env.REDIS_URL);
    try {
      const ids = own.get(alice.id)!.flatMap((id, i) => [id, own.get(bob.id)![i]]);
      await publisher.publish(liveAlertsChannel(api.env.COUNCIL_REDIS_PREFIX), encodeLiveAlerts(ids));
    } finally {
      await publisher.quit();
    }

    await waitFor('both people’s pushes', () => received.get(alice.id)!.length >= 3 && received.get(bob.id)!.length >= 3);
    await sleep(QUIET_MS);
    for (const person of [alice, bob]) {
      expect(offered.get(person.id)!.sort()).toEqual([...own.get(person.id)!].sort());
      expect(received.get(person.id)!.sort()).toEqual([...own.get(person.id)!].sort());
    }
  });
});
