import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { enqueueDeliveries } from '../deliveries/enqueue-deliveries';
import { AlertEscalationService } from '../escalation/alert-escalation.service';
import { DELIVERY_QUEUE, FANOUT_QUEUE, fanoutJobOptions, type DeliveryJobData, type FanoutJobData } from '../queues/alert-queues';

const BATCH = 100;
const RECONCILE_BATCH = 1000;

export interface ReconcileResult {
  fanouts: number;
  deliveries: number;
  escalations: number;
}

/**
 * Moves committed outbox rows to BullMQ (ALERTS.md: the event is committed with the change, then
 * handed on). Rows are claimed with FOR UPDATE SKIP LOCKED, so several workers relay in parallel
 * without taking the same row; the fan-out job's id is the row's id, so a row relayed twice (a
 * crash between addBulk and the commit) is still one job.
 *
 * The reconciler makes a Redis restart (or any lost job) lose nothing: PostgreSQL is the truth,
 * and every job is re-added from it with its stable id — events dispatched but never fanned out,
 * PENDING deliveries whose job is gone, overdue escalations. BullMQ ignores an add whose id still
 * exists, so while the job is there (waiting, delayed for a retry, running) this changes nothing;
 * a delivery whose job is re-added after success is skipped because it is no longer PENDING, and
 * a delivery a live worker process is sending right now (its sending claim has not run out) is
 * left to that process.
 */
@Injectable()
export class OutboxRelayService {
  private readonly logger = new Logger('OutboxRelay');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FANOUT_QUEUE) private readonly fanout: Queue<FanoutJobData>,
    @Inject(DELIVERY_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly escalations: AlertEscalationService,
  ) {}

  /** Relays one batch; returns how many rows it dispatched. */
  async relayOnce(): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = await manager.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_events WHERE dispatched_at IS NULL ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      );
      if (rows.length === 0) return 0;
      await this.fanout.addBulk(
        rows.map((row) => ({ name: 'fan-out', data: { outboxEventId: String(row.id) }, opts: fanoutJobOptions(String(row.id)) })),
      );
      await manager.query('UPDATE outbox_events SET dispatched_at = now() WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
      return rows.length;
    });
  }

  /** Relays until nothing is left; errors are logged and retried on the next tick. */
  async drain(): Promise<void> {
    try {
      while ((await this.relayOnce()) === BATCH) {
        // a full batch: there may be more
      }
    } catch (error) {
      this.logger.warn(`outbox relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Re-adds, with their stable ids, the jobs of everything older than `reconcileAfterMs` that is not done. */
  async reconcile(): Promise<ReconcileResult> {
    const olderThan = this.settings.reconcileAfterMs;
    let fanouts = 0;
    let after = '0';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_events
         WHERE fanned_out_at IS NULL AND dispatched_at IS NOT NULL
           AND dispatched_at < now() - make_interval(secs => $1::double precision / 1000) AND id > $2::bigint
         ORDER BY id LIMIT ${RECONCILE_BATCH}`,
        [olderThan, after],
      );
      if (rows.length === 0) break;
      await this.fanout.addBulk(
        rows.map((row) => ({ name: 'fan-out', data: { outboxEventId: String(row.id) }, opts: fanoutJobOptions(String(row.id)) })),
      );
      fanouts += rows.length;
      after = String(rows[rows.length - 1].id);
      if (rows.length < RECONCILE_BATCH) break;
    }

    let deliveries = 0;
    let afterDelivery = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.dataSource.query<Array<{ id: string; severity: string }>>(
        `SELECT d.id, al.severity FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id
         WHERE d.status = 'PENDING' AND d.created_at < now() - make_interval(secs => $1::double precision / 1000) AND d.id > $2
           AND (d.sending_until IS NULL OR d.sending_until < now())
         ORDER BY d.id LIMIT ${RECONCILE_BATCH}`,
        [olderThan, afterDelivery],
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
      await this.dataSource.query(
        `UPDATE alert_deliveries SET status = 'FAILED', last_error = coalesce(last_error, $2::text)
         WHERE id = $1 AND status = 'PENDING' AND (sending_until IS NULL OR sending_until < now())`,
        [row.id, reason],
      );
    }
    return enqueueDeliveries(this.deliveries, this.settings, missing);
  }

  /** One reconciliation; errors are logged and the next tick tries again. */
  async reconcileSafely(): Promise<void> {
    try {
      const result = await this.reconcile();
      if (result.fanouts + result.deliveries + result.escalations > 0) {
        this.logger.debug?.(
          `reconciled: ${result.fanouts} fan-outs, ${result.deliveries} deliveries, ${result.escalations} escalations re-added (ignored where the job exists)`,
        );
      }
    } catch (error) {
      this.logger.warn(`alert reconciliation failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
