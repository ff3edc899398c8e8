import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { loadAlertSettings } from '../../libs/alerts/src/alert-settings';
import { AlertJobs, QUEUE_ANSWER_MS } from '../../libs/alerts/src/queues/alert-jobs';
import type { CouncilConfig } from '../../libs/platform/src/config/council-config';

/** A port nothing listens on: Redis is away. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('AlertJobs while Redis is away (BullMQ alone would wait for a connection for ever)', () => {
  it('acknowledgement does not wait: removing the escalation job gives up after QUEUE_ANSWER_MS', async () => {
    const jobs = new AlertJobs(
      { redisUrl: `redis://127.0.0.1:${await deadPort()}`, redisPrefix: 'alert-jobs-test' } as CouncilConfig,
      loadAlertSettings({}),
    );
    let started = Date.now();
    await expect(jobs.cancelEscalation('00000000-0000-4000-8000-000000000001')).resolves.toBeUndefined();
    expect(Date.now() - started).toBeLessThan(QUEUE_ANSWER_MS + 1_500);

    // A retry must not change the row when the old job cannot be removed: it is refused in time.
    started = Date.now();
    await expect(jobs.removeFinishedDelivery('00000000-0000-4000-8000-000000000002')).rejects.toThrow(/did not answer/);
    expect(Date.now() - started).toBeLessThan(QUEUE_ANSWER_MS + 1_500);

    started = Date.now();
    await jobs.onApplicationShutdown();
    expect(Date.now() - started).toBeLessThan(2 * QUEUE_ANSWER_MS + 1_500);
  }, 20_000);
});
