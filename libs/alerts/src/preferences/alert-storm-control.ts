import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JobsOptions, Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { FANOUT_JOB, FANOUT_QUEUE, type FanoutJobData } from '../queues/alert-queues';
import { ALERT_PREFERENCE_SETTINGS, type AlertPreferenceSettings } from './alert-preference-settings';

interface EventRow {
  id: string;
  event: string;
  advisory_id: string;
  coalesced_into: string | null;
  fanned_out_at: Date | null;
  early: boolean;
  critical: boolean;
  delay_ms: number;
}

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
    const [row] = await this.dataSource.query<EventRow[]>(
      `SELECT o.id, o.event, o.advisory_id, o.coalesced_into, o.fanned_out_at,
              now() < o.occurred_at + make_interval(secs => $2::double precision / 2000) AS early,
              coalesce(a.severity = 'CRITICAL', false) AS critical,
              greatest(0, ceil(extract(epoch FROM (o.occurred_at + make_interval(secs => $2::double precision / 1000) - now())) * 1000))::int AS delay_ms
       FROM outbox_events o LEFT JOIN advisories a ON a.id = o.advisory_id
       WHERE o.id = $1`,
      [outboxEventId, window],
    );
    if (!row || row.event !== 'advisory.updated' || window === 0) return outboxEventId;
    if (row.coalesced_into !== null) return null;
    if (row.early && !row.critical) {
      await this.fanout.add(FANOUT_JOB, { outboxEventId: String(row.id) }, this.coalescedJobOptions(row));
      return null;
    }
    return this.coalesce(row.advisory_id);
  }

  private coalescedJobOptions(row: EventRow): JobsOptions {
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
      await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alert-coalesce-' || $1::text))`, [advisoryId]);
      const [newest] = await manager.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_events
         WHERE advisory_id = $1 AND event = 'advisory.updated' AND fanned_out_at IS NULL AND coalesced_into IS NULL
         ORDER BY id DESC LIMIT 1`,
        [advisoryId],
      );
      if (!newest) return null;
      const coalesced: unknown = await manager.query(
        `UPDATE outbox_events SET coalesced_into = $2::bigint, fanned_out_at = now()
         WHERE advisory_id = $1 AND event = 'advisory.updated' AND fanned_out_at IS NULL AND coalesced_into IS NULL AND id < $2::bigint
         RETURNING id`,
        [advisoryId, newest.id],
      );
      const count = Array.isArray(coalesced) && Array.isArray(coalesced[0]) ? coalesced[0].length : 0;
      if (count > 0) this.logger.log(`advisory ${advisoryId}: ${count} earlier update(s) coalesced into outbox ${newest.id}`);
      return String(newest.id);
    });
  }
}
