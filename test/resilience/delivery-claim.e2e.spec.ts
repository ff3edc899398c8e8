import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { SigningSecrets } from '../../libs/alerts/src/channels/signing-secret';
import { AlertDeliveryService, DeliveryInProgressError } from '../../libs/alerts/src/deliveries/alert-delivery.service';
import { AlertFanoutService } from '../../libs/alerts/src/fanout/alert-fanout.service';
import { OutboxRelayService } from '../../libs/outbox/src/outbox-relay.service';
import { DELIVERY_QUEUE, type DeliveryJobData } from '../../libs/alerts/src/queues/alert-queues';
import { insertRecipients, publishNationwideCritical, type Query } from '../../scripts/bench/fanout-kit';
import { startTestApp, type TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';

const LEASE_MS = 1_000;
/**
 * Longer than the lease: only the renewal keeps the claim alive through the send. Well beyond the
 * 1.8 leases the first test waits, so that a loaded machine still checks while the send is on.
 */
const RECEIVER_DELAY_MS = 4_000;

/** A webhook receiver that answers 204 after RECEIVER_DELAY_MS and counts POSTs per delivery id. */
async function startSlowReceiver(): Promise<{ url: string; posts: Map<string, number>; close(): Promise<void> }> {
  const posts = new Map<string, number>();
  const server: Server = createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const id = String(request.headers['x-council-delivery']);
      posts.set(id, (posts.get(id) ?? 0) + 1);
      setTimeout(() => {
        response.statusCode = 204;
        response.end();
      }, RECEIVER_DELAY_MS);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    posts,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The sending claim (issue 7): two live worker processes — here two worker module instances, each
 * with its own claim owner — never POST the same delivery at once. This is what a job re-run after
 * a Redis restart (BullMQ thought it stalled) or re-added by the reconciler meets while the first
 * process is still sending. A dead process's claim runs out and the delivery is sent again.
 */
describe('a delivery being sent by one live process is not sent by another', () => {
  let api: TestApp;
  let first: TestingModule;
  let second: TestingModule;
  let receiver: Awaited<ReturnType<typeof startSlowReceiver>>;
  let query: Query;
  let deliveryIds: string[];

  beforeAll(async () => {
    receiver = await startSlowReceiver();
    api = await startTestApp({ COUNCIL_ALERT_SEND_LEASE_MS: String(LEASE_MS), COUNCIL_ALERT_RECONCILE_AFTER_MS: '0' });
    query = (sql, values) => api.dataSource.query(sql, values);
    // Compiled, not initialised: the services exist, no BullMQ worker consumes the queues.
    first = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    second = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
    const sealed = api.app.get(SigningSecrets, { strict: false }).seal(SigningSecrets.generate());
    const { authorId } = await insertRecipients(query, { people: 3, sinkUrl: receiver.url, sealed });
    const { eventId } = await publishNationwideCritical(query, authorId, 'Claim advisory');
    await first.get(AlertFanoutService).fanOut(eventId);
    deliveryIds = (await query(`SELECT id FROM alert_deliveries ORDER BY id`)).map((r) => String(r.id));
    expect(deliveryIds).toHaveLength(3);
  }, 60_000);

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await api?.close();
    await receiver?.close();
  });

  it('the second process is told to wait while the first sends, even past the lease, and the receiver sees one POST', async () => {
    const a = first.get(AlertDeliveryService);
    const b = second.get(AlertDeliveryService);
    expect(a.owner).not.toBe(b.owner);
    const [id] = deliveryIds;
    const sending = a.deliver(id, false);
    await new Promise((resolve) => setTimeout(resolve, LEASE_MS * 1.8)); // past the first lease: only renewal holds the claim
    const [claim] = await query(`SELECT sending_by, sending_until > now() AS live FROM alert_deliveries WHERE id = $1`, [id]);
    expect(claim).toEqual({ sending_by: a.owner, live: true });
    const refused = await b.deliver(id, false).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DeliveryInProgressError);
    expect((refused as DeliveryInProgressError).retryInMs).toBeGreaterThan(0);
    expect((refused as DeliveryInProgressError).retryInMs).toBeLessThanOrEqual(LEASE_MS + 200);

    expect(await sending).toBe('DELIVERED');
    expect(await b.deliver(id, false)).toBe('SKIPPED');
    expect(receiver.posts.get(id)).toBe(1);
    const [row] = await query(`SELECT status, sending_by, sending_until, attempts FROM alert_deliveries WHERE id = $1`, [id]);
    expect(row).toEqual({ status: 'DELIVERED', sending_by: null, sending_until: null, attempts: 1 });
  }, 30_000);

  it('a claim left by a killed process runs out, and then another process sends the delivery', async () => {
    const [, id] = deliveryIds;
    const dead = '00000000-0000-4000-8000-00000000dead';
    // Seconds, not less: the refusal below must come while the claim is live, on a loaded machine too.
    await query(`UPDATE alert_deliveries SET sending_by = $2, sending_until = now() + interval '3 seconds' WHERE id = $1`, [id, dead]);
    await expect(second.get(AlertDeliveryService).deliver(id, false)).rejects.toBeInstanceOf(DeliveryInProgressError);
    expect(receiver.posts.get(id)).toBeUndefined();
    await waitFor(
      'the dead claim to run out',
      async () => (await query(`SELECT sending_until <= now() AS over FROM alert_deliveries WHERE id = $1`, [id]))[0].over === true,
    );
    expect(await second.get(AlertDeliveryService).deliver(id, false)).toBe('DELIVERED');
    expect(receiver.posts.get(id)).toBe(1);
  }, 30_000);

  it('the reconciler leaves a delivery with a live claim to its sender and re-adds it once the claim has run out', async () => {
    const [, , id] = deliveryIds;
    const queue = first.get<Queue<DeliveryJobData>>(DELIVERY_QUEUE);
    await queue.remove(id); // as if Redis had lost the job
    expect(await queue.getJobState(id)).toBe('unknown');
    await query(`UPDATE alert_deliveries SET sending_by = gen_random_uuid(), sending_until = now() + interval '1 hour' WHERE id = $1`, [
      id,
    ]);
    const relay = first.get(OutboxRelayService);
    await relay.reconcile();
    expect(await queue.getJobState(id)).toBe('unknown');
    await query(`UPDATE alert_deliveries SET sending_until = now() - interval '1 second' WHERE id = $1`, [id]);
    const result = await relay.reconcile();
    expect(result.deliveries).toBeGreaterThanOrEqual(1);
    expect(['waiting', 'prioritized']).toContain(await queue.getJobState(id));
  }, 30_000);
});
