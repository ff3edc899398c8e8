import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { ALERT_SETTINGS, type AlertSettings } from '@app/alerts/alert-settings';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { OutboxSourceProvider, type OutboxRow, type OutboxSource } from '@app/outbox/outbox-source';
import {
  deliveryJobId,
  INCIDENT_DELIVERY_JOB,
  INCIDENT_DELIVERY_QUEUE,
  INCIDENT_REMINDER_JOB,
  incidentJobOptions,
  reminderJobId,
  type IncidentJobData,
} from './incident-delivery-queue';

const RECONCILE_BATCH = 500;

interface IncidentJob {
  name: string;
  data: IncidentJobData;
  jobId: string;
}

/**
 * The incident deliveries' and reminders' rows are their own outbox (written in the transaction
 * that makes them due): the outbox relay hands their undispatched rows to the incident queue. The
 * reconciler re-adds the job of a PENDING row that Redis lost, and marks FAILED a PENDING row whose
 * job failed for good (its last attempt died before recording), as the alerts' reconciler does.
 */
abstract class IncidentOutboxSource implements OutboxSource {
  abstract readonly table: 'incident_deliveries' | 'incident_follow_up_reminders';
  abstract readonly columns: readonly string[];
  readonly idType = 'uuid';
  readonly orderBy = 'created_at, id';

  constructor(
    private readonly dataSource: DataSource,
    private readonly queue: Queue<IncidentJobData>,
    private readonly settings: AlertSettings,
  ) {}

  protected abstract job(row: OutboxRow): IncidentJob;

  async enqueue(rows: OutboxRow[]): Promise<void> {
    await this.queue.addBulk(rows.map((row) => this.jobToAdd(this.job(row))));
  }

  /** Re-adds lost jobs of PENDING rows older than reconcileAfterMs; marks FAILED those whose job failed for good. */
  async reconcile(): Promise<Record<string, number>> {
    const rows: OutboxRow[] = await typedSql(this.dataSource).rows(
      db
        .selectFrom(this.table)
        .select(['id', ...this.columns.map((column) => sql.ref(column).as(column))])
        .where('status', '=', 'PENDING')
        .where('dispatched_at', 'is not', null)
        .where('dispatched_at', '<', sql<Date>`now() - make_interval(secs => ${this.settings.reconcileAfterMs}::double precision / 1000)`)
        .orderBy('created_at')
        .orderBy('id')
        .limit(sql.lit(RECONCILE_BATCH)),
    );
    const jobs = rows.map((row) => this.job(row));
    const states = await Promise.all(jobs.map((job) => this.queue.getJobState(job.jobId)));
    for (let i = 0; i < rows.length; i++) {
      if (states[i] === 'failed') {
        const job = await this.queue.getJob(jobs[i].jobId);
        const error = `the delivery job failed: ${job?.failedReason ?? 'unknown reason'}`.slice(0, 1000);
        await typedSql(this.dataSource).execute(
          db
            .updateTable(this.table)
            .set({ status: 'FAILED', last_error: sql<string>`coalesce(last_error, ${error}::text)` })
            .where('id', '=', rows[i].id)
            .where('status', '=', 'PENDING'),
        );
      }
    }
    const missing = jobs.filter((_, i) => states[i] === 'unknown');
    if (missing.length > 0) await this.queue.addBulk(missing.map((job) => this.jobToAdd(job)));
    return { deliveries: missing.length };
  }

  private jobToAdd(job: IncidentJob) {
    return { name: job.name, data: job.data, opts: incidentJobOptions(job.jobId, this.settings) };
  }
}

/** A report to a reporting authority; its job id carries the generation a retry by the secretariat starts. */
@Injectable()
@OutboxSourceProvider()
export class IncidentDeliveryOutboxSource extends IncidentOutboxSource {
  readonly table = 'incident_deliveries';
  readonly columns = ['job_generation'];

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(INCIDENT_DELIVERY_QUEUE) queue: Queue<IncidentJobData>,
    @Inject(ALERT_SETTINGS) settings: AlertSettings,
  ) {
    super(dataSource, queue, settings);
  }

  protected job(row: OutboxRow): IncidentJob {
    return { name: INCIDENT_DELIVERY_JOB, data: { deliveryId: row.id }, jobId: deliveryJobId(row.id, Number(row.job_generation ?? 0)) };
  }
}

/** A follow-up reminder to a reporter. */
@Injectable()
@OutboxSourceProvider()
export class IncidentReminderOutboxSource extends IncidentOutboxSource {
  readonly table = 'incident_follow_up_reminders';
  readonly columns = [];

  constructor(
    @InjectDataSource() dataSource: DataSource,
    @Inject(INCIDENT_DELIVERY_QUEUE) queue: Queue<IncidentJobData>,
    @Inject(ALERT_SETTINGS) settings: AlertSettings,
  ) {
    super(dataSource, queue, settings);
  }

  protected job(row: OutboxRow): IncidentJob {
    return { name: INCIDENT_REMINDER_JOB, data: { reminderId: row.id }, jobId: reminderJobId(row.id) };
  }
}
