import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource, EntityManager } from 'typeorm';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { deliveryJobId, INCIDENT_DELIVERY_QUEUE, incidentJobOptions, reminderJobId, type IncidentJobData } from './incident-delivery-queue';

const BATCH = 100;
const RECONCILE_BATCH = 500;

interface Outbox {
  table: 'incident_deliveries' | 'incident_follow_up_reminders';
  job: (row: { id: string; job_generation?: number }) => { name: string; data: IncidentJobData; jobId: string };
}

const DELIVERIES: Outbox = {
  table: 'incident_deliveries',
  job: (row) => ({ name: 'deliver', data: { deliveryId: row.id }, jobId: deliveryJobId(row.id, row.job_generation ?? 0) }),
};
const REMINDERS: Outbox = {
  table: 'incident_follow_up_reminders',
  job: (row) => ({ name: 'remind', data: { reminderId: row.id }, jobId: reminderJobId(row.id) }),
};

/**
 * The incident deliveries' and reminders' rows are their own outbox (written in the transaction
 * that makes them due): this relay claims undispatched rows (FOR UPDATE SKIP LOCKED), adds their
 * jobs with stable ids and stamps dispatched_at, so a crash between commit and enqueue loses
 * nothing and a row relayed twice is still one job. The reconciler re-adds the job of a PENDING
 * row that Redis lost, and marks FAILED a PENDING row whose job failed for good (its last attempt
 * died before recording), as the alerts' relay does.
 */
@Injectable()
export class IncidentDeliveryRelayService {
  private readonly logger = new Logger('IncidentDeliveryRelay');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(INCIDENT_DELIVERY_QUEUE) private readonly queue: Queue<IncidentJobData>,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
  ) {}

  async relayOnce(): Promise<number> {
    let relayed = 0;
    for (const outbox of [DELIVERIES, REMINDERS]) {
      relayed += await this.dataSource.transaction(async (manager) => this.relayTable(manager, outbox));
    }
    return relayed;
  }

  private async relayTable(manager: EntityManager, outbox: Outbox): Promise<number> {
    const generation = outbox.table === 'incident_deliveries' ? ', job_generation' : '';
    const rows = await manager.query<Array<{ id: string; job_generation?: number }>>(
      `SELECT id${generation} FROM ${outbox.table} WHERE dispatched_at IS NULL ORDER BY created_at, id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
    );
    if (rows.length === 0) return 0;
    await this.queue.addBulk(
      rows.map((row) => {
        const job = outbox.job(row);
        return { name: job.name, data: job.data, opts: incidentJobOptions(job.jobId, this.settings) };
      }),
    );
    await manager.query(`UPDATE ${outbox.table} SET dispatched_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((row) => row.id)]);
    return rows.length;
  }

  async drain(): Promise<void> {
    try {
      while ((await this.relayOnce()) > 0) {
        // more may be waiting
      }
    } catch (error) {
      this.logger.warn(`incident relay failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Re-adds lost jobs of PENDING rows older than reconcileAfterMs; marks FAILED those whose job failed for good. */
  async reconcile(): Promise<number> {
    let readded = 0;
    for (const outbox of [DELIVERIES, REMINDERS]) {
      const generation = outbox.table === 'incident_deliveries' ? ', job_generation' : '';
      const rows = await this.dataSource.query<Array<{ id: string; job_generation?: number }>>(
        `SELECT id${generation} FROM ${outbox.table}
         WHERE status = 'PENDING' AND dispatched_at IS NOT NULL
           AND dispatched_at < now() - make_interval(secs => $1::double precision / 1000)
         ORDER BY created_at, id LIMIT ${RECONCILE_BATCH}`,
        [this.settings.reconcileAfterMs],
      );
      const jobs = rows.map((row) => outbox.job(row));
      const states = await Promise.all(jobs.map((job) => this.queue.getJobState(job.jobId)));
      for (let i = 0; i < rows.length; i++) {
        if (states[i] === 'failed') {
          const job = await this.queue.getJob(jobs[i].jobId);
          await this.dataSource.query(
            `UPDATE ${outbox.table} SET status = 'FAILED', last_error = coalesce(last_error, $2::text) WHERE id = $1 AND status = 'PENDING'`,
            [rows[i].id, `the delivery job failed: ${job?.failedReason ?? 'unknown reason'}`.slice(0, 1000)],
          );
        }
      }
      const missing = jobs.filter((_, i) => states[i] === 'unknown');
      if (missing.length > 0) {
        await this.queue.addBulk(missing.map((job) => ({ name: job.name, data: job.data, opts: incidentJobOptions(job.jobId, this.settings) })));
        readded += missing.length;
      }
    }
    return readded;
  }

  async reconcileSafely(): Promise<void> {
    try {
      await this.reconcile();
    } catch (error) {
      this.logger.warn(`incident reconciliation failed, retrying: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
