import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DataSource } from 'typeorm';
import type { DB } from '@app/platform/database/database-types';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { FANOUT_JOB, FANOUT_QUEUE, type FanoutJobData } from '../queues/alert-queues';
import { ALERT_PREFERENCE_SETTINGS, type AlertPreferenceSettings } from './alert-preference-settings';

/** BullMQ deduplication id of the coalesced fan-out of one advisory's updates (no ':' in ids). */
export function coalesceDeduplicationId(advisoryId: string): string {
  return `advisory-${advisoryId}-updated`;
}

/**
 * Storm control, first half: repeated `advisory.updated` events of one advisory coalesce.
 *
 * The relay's fan-out job of an update that is still fresh (younger than half the window) does not
 * fan out: it adds a fan-out job delayed to the end of the window, deduplicated per advisory
 * (`deduplication: { id: 'advisory-<id>-updated', keepLastIfActive }`): while that job waits, the
 * jobs of further updates add nothing; an update that arrives while it runs gets one job after it.
 * When the delayed job runs, the newest update of the advisory not yet fanned out is fanned out
 * (with the advisory as it is now) and the older ones are marked `coalesced_into` it — visible in
 * outbox_events, never silently dropped, and never taken again by the relay's reconciler since
 * they count as fanned out. An update that makes the advisory CRITICAL is never delayed.
 * PostgreSQL stays the truth: a replayed or re-added job finds the events already coalesced.
 */
@Injectable()
export class AlertStormControl {
  private readonly logger = new Logger('AlertStormControl');

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(FANOUT_QUEUE) private readonly fanout: Queue<FanoutJobData>,
    @Inject(ALERT_PREFERENCE_SETTINGS) private readonly settings: AlertPreferenceSettings,
  ) {}

  /** The outbox event to fan out now for `outboxEventId`: itself, the newest update it coalesces into, or null (deferred, or done). */
  async eventToFanOut(outboxEventId: string): Promise<string | null> {
    const window = this.settings.coalesceMs;
    const row = await typedSql(this.dataSource).first(
      db
        .selectFrom('outbox_events as o')
        .leftJoin('advisories as a', 'a.id', 'o.advisory_id')
        .select((eb) => [
          'o.id',
          'o.event',
          'o.advisory_id',
          'o.coalesced_into',
          'o.fanned_out_at',
          sql<boolean>`now() < ${eb.ref('o.occurred_at')} + make_interval(secs => ${window}::double precision / 2000)`.as('early'),
          sql<boolean>`coalesce(${eb.ref('a.severity')} = 'CRITICAL', false)`.as('critical'),
          sql<number>`greatest(0, ceil(extract(epoch FROM (${eb.ref('o.occurred_at')} + make_interval(secs => ${window}::double precision / 1000) - now())) * 1000))::int`.as(
            'delay_ms',
          ),
        ])
        .where('o.id', '=', outboxEventId),
    );
    if (!row || row.event !== 'advisory.updated' || window === 0) return outboxEventId;
    if (row.coalesced_into !== null) return null;
    if (row.early && !row.critical) {
      await this.fanout.add(FANOUT_JOB, { outboxEventId: String(row.id) }, this.coalescedJobOptions(row));
      return null;
    }
    return this.coalesce(row.advisory_id);
  }

  private coalescedJobOptions(row: { id: string; advisory_id: string; delay_ms: number }): JobsOptions {
    return {
      jobId: `coalesce-${row.id}`,
      delay: row.delay_ms,
      deduplication: { id: coalesceDeduplicationId(row.advisory_id), keepLastIfActive: true },
      attempts: 20,
      backoff: { type: 'exponential', delay: 1_000 },
      removeOnComplete: { age: 7 * 86_400 },
      removeOnFail: { age: 30 * 86_400 },
    };
  }

  /** Marks every pending update of the advisory but the newest as coalesced into it; returns the newest (null: none pending). */
  private async coalesce(advisoryId: string): Promise<string | null> {
    return this.dataSource.transaction(async (manager) => {
      await typedSql(manager).execute(
        db.selectNoFrom(sql<void>`pg_advisory_xact_lock(hashtext('alert-coalesce-' || ${advisoryId}::text))`.as('locked')),
      );
      const newest = await typedSql(manager).first(
        db.selectFrom('outbox_events').select('id').where(pendingUpdateOf(advisoryId)).orderBy('id', 'desc').limit(1),
      );
      if (!newest) return null;
      const newestId = sql<string>`${newest.id}::bigint`;
      const coalesced = await typedSql(manager).rows(
        db
          .updateTable('outbox_events')
          .set({ coalesced_into: newestId, fanned_out_at: sql<Date>`now()` })
          .where(pendingUpdateOf(advisoryId))
          .where('id', '<', newestId)
          .returning('id'),
      );
      const count = coalesced.length;
      if (count > 0) this.logger.log(`advisory ${advisoryId}: ${count} earlier update(s) coalesced into outbox ${newest.id}`);
      return String(newest.id);
    });
  }
}

/** The advisory's updates not yet fanned out nor coalesced: what one coalesced fan-out replaces. */
function pendingUpdateOf(advisoryId: string) {
  return (eb: ExpressionBuilder<DB, 'outbox_events'>) =>
    eb.and([
      eb('advisory_id', '=', advisoryId),
      eb('event', '=', sql.lit('advisory.updated')),
      eb('fanned_out_at', 'is', null),
      eb('coalesced_into', 'is', null),
    ]);
}
