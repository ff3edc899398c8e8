import { Gauge, type Registry } from 'prom-client';
import { Queue } from 'bullmq';
import Redis from 'ioredis';

/** The states reported; BullMQ keeps prioritized jobs apart from waiting ones: both are waiting here. */
const STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * `council_queue_jobs{queue,state}`: the depth of each BullMQ queue, read from Redis when
 * Prometheus scrapes (nothing is counted in between). A queue that cannot be read is left out
 * of that scrape rather than reported as empty.
 */
export class QueueDepthCollector {
  private readonly connection: Redis;
  private readonly queues: Queue[];

  constructor(registry: Registry, options: { redisUrl: string; prefix: string; queues: readonly string[] }) {
    this.connection = new Redis(options.redisUrl, { maxRetriesPerRequest: 1, lazyConnect: true });
    this.connection.on('error', () => undefined);
    this.queues = options.queues.map((name) => {
      const queue = new Queue(name, { connection: this.connection, prefix: options.prefix });
      queue.on('error', () => undefined);
      return queue;
    });
    const queues = this.queues;
    new Gauge({
      name: 'council_queue_jobs',
      help: 'Jobs in each BullMQ queue by state (waiting includes prioritized), read at scrape time',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        this.reset();
        await Promise.all(
          queues.map(async (queue) => {
            try {
              const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'delayed', 'failed');
              const values: Record<(typeof STATES)[number], number> = {
                waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
                active: counts.active ?? 0,
                delayed: counts.delayed ?? 0,
                failed: counts.failed ?? 0,
              };
              for (const state of STATES) this.set({ queue: queue.name, state }, values[state]);
            } catch {
              // Redis unreachable: no sample for this queue (readiness reports the outage).
            }
          }),
        );
      },
    });
  }

  async close(): Promise<void> {
    await Promise.allSettled(this.queues.map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
