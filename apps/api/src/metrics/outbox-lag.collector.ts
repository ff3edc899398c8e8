import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { MetricsRegistry } from '@app/platform/metrics/metrics-registry';

interface LagRow {
  stage: 'relay' | 'fanout';
  events: number;
  oldest: Date | null;
}

/**
 * How far the alert pipeline is behind, read from PostgreSQL at scrape time:
 * `council_outbox_pending_events{stage}` and `council_outbox_oldest_pending_age_seconds{stage}`,
 * stage "relay" (committed, not yet handed to BullMQ) and "fanout" (handed on, alerts not yet
 * created). Both use the partial indexes on the pending rows.
 */
@Injectable()
export class OutboxLagCollector {
  constructor(
    metrics: MetricsRegistry,
    @InjectDataSource() dataSource: DataSource,
    clock: Clock,
  ) {
    let pending: Promise<LagRow[]> | null = null;
    // One query per scrape feeds both gauges.
    const read = (): Promise<LagRow[]> => {
      pending ??= dataSource
        .query<LagRow[]>(
          `SELECT 'relay' AS stage, count(*)::int AS events, min(occurred_at) AS oldest FROM outbox_events WHERE dispatched_at IS NULL
           UNION ALL
           SELECT 'fanout', count(*)::int, min(occurred_at) FROM outbox_events WHERE fanned_out_at IS NULL AND dispatched_at IS NOT NULL`,
        )
        .finally(() => setImmediate(() => (pending = null)));
      return pending;
    };
    new Gauge({
      name: 'council_outbox_pending_events',
      help: 'Outbox events not yet relayed to BullMQ (stage=relay) or not yet fanned out (stage=fanout)',
      labelNames: ['stage'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        for (const row of await read().catch(() => [])) this.set({ stage: row.stage }, row.events);
      },
    });
    new Gauge({
      name: 'council_outbox_oldest_pending_age_seconds',
      help: 'Age of the oldest pending outbox event per stage (0 when none is pending)',
      labelNames: ['stage'],
      registers: [metrics.registry],
      async collect() {
        this.reset();
        const now = clock.now().getTime();
        for (const row of await read().catch(() => [])) {
          this.set({ stage: row.stage }, row.oldest ? Math.max(0, (now - new Date(row.oldest).getTime()) / 1000) : 0);
        }
      },
    });
  }
}
