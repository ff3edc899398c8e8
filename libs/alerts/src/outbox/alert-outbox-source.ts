import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { OutboxSourceProvider, type OutboxRow, type OutboxSource } from '@app/outbox/outbox-source';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { enqueueDeliveries } from '../deliveries/enqueue-deliveries';
import { AlertEscalationService } from '../escalation/alert-escalation.service';
import {
  DELIVERY_QUEUE,
  FANOUT_JOB,
  FANOUT_QUEUE,
  fanoutJobOptions,
  type DeliveryJobData,
  type FanoutJobData,
} from '../queues/alert-queues';

const RECONCILE_BATCH = 1000;

/** What the reconciler re-added (a type, not an interface: it is a Record<string, number> for the relay). */
export type ReconcileResult = {
  fanouts: number;
  deliveries: number;
  escalations: number;
};

/**
 * The advisory events of the outbox (outbox_events), as the relay hands them on: each to a fan-out
 * job whose id is the row's id. Its reconciler re-adds what a Redis restart (or any lost job) lost:
 * events dispatched but never fanned out, PENDING deliveries whose job is gone, overdue escalations.
 * A delivery whose job is re-added after success is skipped because it is no longer PENDING, and a
 * delivery a live worker process is sending right now (its sending claim has not run out) is left
 * to that process.
 */
@Injectable()
@OutboxSourceProvider()
export class AlertOutboxSource implements OutboxSource {
  readonly table = 'outbox_events';
  readonly idType = 'bigint';
  readonly orderBy = 'id';
  readonly columns = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FANOUT_QUEUE) private readonly fanout: Queue<FanoutJobData>,
    @Inject(DELIVERY_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly escalations: AlertEscalationService,
  ) {}

  async enqueue(rows: OutboxRow[]): Promise<void> {
    await this.fanout.addBulk(rows.map((row) => ({ name: FANOUT_JOB, data: { outboxEventId: row.id }, opts: fanoutJobOptions(row.id) })));
  }

  /** Re-adds, with their stable ids, the jobs of everything older than `reconcileAfterMs` that is not done. */
  async reconcile(): Promise<ReconcileResult> {
    const olderThan = this.settings.reconcileAfterMs;
    let fanouts = 0;
    let after = '0';
    for (;;) {
      const rows = await typedSql(this.dataSource).rows(
        db
          .selectFrom('outbox_events')
          .select('id')
          .where('fanned_out_at', 'is', null)
          .where('dispatched_at', 'is not', null)
          .where('dispatched_at', '<', olderThanNow(olderThan))
          .where('id', '>', sql<string>`${after}::bigint`)
          .orderBy('id')
          .limit(sql.lit(RECONCILE_BATCH)),
      );
      if (rows.length === 0) break;
      await this.fanout.addBulk(
        rows.map((row) => ({ name: FANOUT_JOB, data: { outboxEventId: String(row.id) }, opts: fanoutJobOptions(String(row.id)) })),
      );
      fanouts += rows.length;
      after = String(rows[rows.length - 1].id);
      if (rows.length < RECONCILE_BATCH) break;
    }

    let deliveries = 0;
    let afterDelivery = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await typedSql(this.dataSource).rows(
        db
          .selectFrom('alert_deliveries as d')
          .innerJoin('alerts as al', 'al.id', 'd.alert_id')
          .select(['d.id', 'al.severity'])
          .where('d.status', '=', sql.lit('PENDING'))
          .where('d.created_at', '<', olderThanNow(olderThan))
          .where('d.id', '>', afterDelivery)
          .where((eb) => eb.or([eb('d.sending_until', 'is', null), eb('d.sending_until', '<', sql<Date>`now()`)]))
          .orderBy('d.id')
          .limit(sql.lit(RECONCILE_BATCH)),
      );
      if (rows.length === 0) break;
      deliveries += await this.reconcileDeliveries(rows);
      afterDelivery = rows[rows.length - 1].id;
      if (rows.length < RECONCILE_BATCH) break;
    }

    const escalations = await this.escalations.rescheduleOverdue(olderThan);
    return { fanouts, deliveries, escalations };
  }

  /**
   * PENDING deliveries: a job Redis no longer has is added again. A job BullMQ failed for good
   * while the row is still PENDING (the last attempt's process died before it recorded the outcome,
   * or a job stalled too often) will never run again, so the delivery is marked FAILED here — and
   * so becomes visible to the person and the secretariat, who may retry it. Returns how many jobs
   * were added.
   */
  private async reconcileDeliveries(rows: Array<{ id: string; severity: string }>): Promise<number> {
    const states = await Promise.all(rows.map((row) => this.deliveries.getJobState(row.id)));
    const missing = rows.filter((_, i) => states[i] === 'unknown');
    const failed = rows.filter((_, i) => states[i] === 'failed');
    for (const row of failed) {
      const job = await this.deliveries.getJob(row.id);
      const reason = `the delivery job failed: ${job?.failedReason ?? 'unknown reason'}`.slice(0, 1000);
      await typedSql(this.dataSource).execute(
        db
          .updateTable('alert_deliveries')
          .set((eb) => ({ status: sql.lit('FAILED'), last_error: eb.fn.coalesce('last_error', sql<string>`${reason}::text`) }))
          .where('id', '=', row.id)
          .where('status', '=', sql.lit('PENDING'))
          .where((eb) => eb.or([eb('sending_until', 'is', null), eb('sending_until', '<', sql<Date>`now()`)])),
      );
    }
    return enqueueDeliveries(this.deliveries, this.settings, missing);
  }
}

/** The moment `ms` milliseconds ago, by the database's clock. */
function olderThanNow(ms: number) {
  return sql<Date>`now() - make_interval(secs => ${ms}::double precision / 1000)`;
}
