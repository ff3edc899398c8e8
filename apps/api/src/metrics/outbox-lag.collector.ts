import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
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
  constructor(metrics: MetricsRegistry, @InjectDataSource() dataSource: DataSource, clock: Clock) {
    let pending: Promise<LagRow[]> | null = null;
    // One query per scrape feeds both gauges.
    const read = (): Promise<LagRow[]> => {
      const stage = (name: LagRow['stage']) =>
        db
          .selectFrom('outbox_events')
          .select((eb) => [
            sql<LagRow['stage']>`${sql.lit(name)}`.as('stage'),
            sql<number>`count(*)::int`.as('events'),
            eb.fn.min('occurred_at').as('oldest'),
          ]);
      pending ??= typedSql(dataSource)
        .rows(
          stage('relay')
            .where('dispatched_at', 'is', null)
            .unionAll(stage('fanout').where('fanned_out_at', 'is', null).where('dispatched_at', 'is not', null)),
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
