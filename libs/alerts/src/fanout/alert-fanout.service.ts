import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { atMost, rank, Severity, SEVERITY_ORDER } from '@app/platform/vocabulary';
import { advisoryAudienceSql } from '@app/policy/advisories/advisory-audience-sql';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { enqueueDeliveries } from '../deliveries/enqueue-deliveries';
import { AlertEscalationService } from '../escalation/alert-escalation.service';
import { ALERT_PREFERENCE_SETTINGS, type AlertPreferenceSettings } from '../preferences/alert-preference-settings';
import { AlertStormControl } from '../preferences/alert-storm-control';
import { channelFilterSql, DIGESTIBLE_SEVERITIES } from '../preferences/channel-filter-sql';
import { LiveAlertPublisher } from '../live/live-alert-publisher';
import { DELIVERY_QUEUE, type DeliveryJobData } from '../queues/alert-queues';

const MIN_UUID = '00000000-0000-0000-0000-000000000000';
const MAX_UUID = 'ffffffff-ffff-ffff-ffff-ffffffffffff';

/**
 * Sizes of the person slices of one fan-out: 500 (the first deliveries leave within a second of
 * the approval), then 2,000 at a time. Bounded because a slice's rows (alert ids, pending
 * deliveries, their jobs) stay live while the deliveries already under way run, and V8 lets the
 * heap grow to a multiple of what is live: 10,000-person slices added some 7 MB to it.
 */
function* sliceSizes(): Generator<number> {
  yield 500;
  for (;;) yield 2_000;
}

interface OutboxRow {
  id: string;
  event: string;
  advisory_id: string;
  occurred_at: Date;
}

export interface FanoutResult {
  alerts: number;
  deliveries: number;
  enqueued: number;
}

/**
 * One outbox event → its alerts and deliveries (ALERTS.md "When and to whom"). The recipients are
 * one set-based statement built from the policy library (rule A seen from the advisory's side,
 * evaluated at the instant of the event); nothing decides eligibility person by person in memory.
 * Every write is idempotent, so a replayed event adds nothing.
 */
@Injectable()
export class AlertFanoutService {
  private readonly logger = new Logger('AlertFanout');
  private readonly toRecord: (row: Record<string, unknown>) => AdvisoryRecord;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DELIVERY_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly escalations: AlertEscalationService,
    private readonly storm: AlertStormControl,
    @Inject(ALERT_PREFERENCE_SETTINGS) private readonly preferences: AlertPreferenceSettings,
    private readonly live: LiveAlertPublisher,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  async fanOut(outboxEventId: string): Promise<FanoutResult> {
    // Storm control: a fresh advisory.updated waits for the coalesced fan-out of its advisory's newest update.
    const eventId = await this.storm.eventToFanOut(outboxEventId);
    if (eventId === null) return { alerts: 0, deliveries: 0, enqueued: 0 };
    const [event] = await this.dataSource.query<OutboxRow[]>(
      'SELECT id, event, advisory_id, occurred_at FROM outbox_events WHERE id = $1 AND escalation_of IS NULL',
      [eventId],
    );
    if (!event) return { alerts: 0, deliveries: 0, enqueued: 0 };
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT a.* FROM advisories a WHERE a.id = $1', [
      event.advisory_id,
    ]);
    if (rows.length === 0) {
      await this.markFannedOut(event.id);
      return { alerts: 0, deliveries: 0, enqueued: 0 };
    }
    const advisory = this.toRecord(rows[0]);
    const severities = atMost(SEVERITY_ORDER, advisory.severity as Severity);

    // The recipients in slices of person ids, each committed and queued before the next: the first
    // deliveries leave while the rest of a nationwide fan-out is still being written. A replay
    // (crash mid-way) redoes every slice; each write is idempotent.
    let alerts = 0;
    let deliveries = 0;
    let enqueued = 0;
    for await (const [after, upTo] of this.personSlices()) {
      const slice = await this.dataSource.transaction(async (manager) => {
        const insertAlerts = this.alertsStatement(event, advisory, severities, after, upTo);
        if (insertAlerts.capped) {
          // One originator's fan-outs count its alerts one after another, so concurrent ones cannot both slip under the cap.
          await manager.query(`SELECT pg_advisory_xact_lock(hashtext('alert-cap-' || $1::text))`, [
            advisory.originatorOrgId ?? advisory.authorId,
          ]);
        }
        const alertRows: unknown[] = await manager.query(insertAlerts.sql, insertAlerts.values);
        const deliveryRows: unknown[] = await manager.query(
          `INSERT INTO alert_deliveries (alert_id, channel_id, status)
           SELECT al.id, c.id, CASE WHEN c.digest AND al.severity = ANY($3::text[]) THEN 'DIGEST' ELSE 'PENDING' END
           FROM alerts al JOIN alert_channels c ON c.person_id = al.person_id JOIN advisories adv ON adv.id = al.advisory_id
           WHERE al.outbox_event_id = $1 AND al.person_id > $4::uuid AND al.person_id <= $5::uuid
             AND al.suppressed IS NULL AND c.enabled AND c.removed_at IS NULL
             AND c.kind IN ('WEBHOOK', 'EMAIL') AND c.min_severity = ANY($2::text[])
             AND c.created_at <= al.created_at
             AND ${channelFilterSql('c', 'adv')}
           ON CONFLICT (alert_id, channel_id) DO NOTHING
           RETURNING id`,
          [event.id, severities, DIGESTIBLE_SEVERITIES, after, upTo],
        );
        return { alerts: countOf(alertRows), deliveries: countOf(deliveryRows), alertIds: idsOf(alertRows) };
      });
      alerts += slice.alerts;
      deliveries += slice.deliveries;
      // Committed: the API replicas push the new alerts (ids only) to their signed-in owners.
      await this.live.publish(slice.alertIds);
      enqueued += await this.enqueuePending(event.id, after, upTo);
    }
    const escalations = await this.escalations.scheduleForEvent(event.id);
    await this.markFannedOut(event.id);
    this.logger.log(
      `outbox ${event.id} (${event.event}): ${alerts} alerts, ${deliveries} deliveries, ${enqueued} jobs, ${escalations} escalations scheduled`,
    );
    return { alerts, deliveries, enqueued };
  }

  /** Everything of this event is in the database and its jobs were added: the reconciler leaves it alone. */
  private async markFannedOut(outboxEventId: string): Promise<void> {
    await this.dataSource.query('UPDATE outbox_events SET fanned_out_at = now() WHERE id = $1 AND fanned_out_at IS NULL', [outboxEventId]);
  }

  /**
   * INSERT ... SELECT over every person at once: rule A gives FULL or TEAR_LINE at the event's
   * instant, active, not the author, and a channel that takes this severity (every eligible person
   * has an implicit IN_APP channel for HIGH and CRITICAL). A channel's sector and region filters
   * are compared with the advisory's audience columns here, in SQL (channel-filter-sql.ts); they
   * narrow the person's channels, never the implicit IN_APP alert of HIGH and CRITICAL.
   *
   * Storm control, second half: past the per-originator daily cap (alerts of the last 24 hours of
   * advisories of the same originator organisation — of the same author when there is none), the
   * alert is recorded as suppressed = 'CAPPED': kept, so the outcome is visible and a replay adds
   * nothing, but without deliveries and not listed. CRITICAL and withdrawals are never capped.
   * Only the ids of alerts that reach their person are returned.
   */
  private alertsStatement(
    event: OutboxRow,
    advisory: AdvisoryRecord,
    severities: Severity[],
    after: string,
    upTo: string,
  ): { sql: string; values: unknown[]; capped: boolean } {
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, new Date(event.occurred_at), params, { asPublished: true });
    const implicitInApp = rank(SEVERITY_ORDER, advisory.severity as Severity) >= rank(SEVERITY_ORDER, Severity.HIGH);
    const wantsIt = implicitInApp
      ? 'TRUE'
      : `EXISTS (SELECT 1 FROM alert_channels c JOIN advisories adv ON adv.id = ${params.add(advisory.id, 'uuid')}
           WHERE c.person_id = p.id AND c.enabled AND c.removed_at IS NULL
           AND c.min_severity = ANY(${params.add(severities, 'text[]')}) AND ${channelFilterSql('c', 'adv')})`;
    const cap = this.preferences.dailyCapPerOriginator;
    const capped = cap > 0 && (advisory.severity as Severity) !== Severity.CRITICAL && event.event !== 'advisory.withdrawn';
    const sameOriginator = advisory.originatorOrgId
      ? `xa.originator_org_id = ${params.add(advisory.originatorOrgId, 'uuid')}`
      : `(xa.originator_org_id IS NULL AND xa.author_id = ${params.add(advisory.authorId, 'uuid')})`;
    const overCap = capped
      ? `(SELECT count(*) FROM alerts x JOIN advisories xa ON xa.id = x.advisory_id
          WHERE x.person_id = p.id AND x.suppressed IS NULL AND x.created_at > now() - interval '24 hours'
            AND ${sameOriginator}) >= ${params.add(cap, 'int')}`
      : 'FALSE';
    const sql = `
      WITH inserted AS (
      INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access, suppressed)
      SELECT ${params.add(event.id, 'bigint')}, p.id, ${params.add(advisory.id, 'uuid')}, ${params.add(event.event, 'text')},
             ${params.add(advisory.severity, 'text')}, ${audience.access}, CASE WHEN ${overCap} THEN 'CAPPED' END
      FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
      WHERE p.active
        AND p.id > ${params.add(after, 'uuid')} AND p.id <= ${params.add(upTo, 'uuid')}
        AND p.id <> ${params.add(advisory.authorId, 'uuid')}
        AND (${audience.ruleAFull} OR ${audience.ruleATearLine})
        AND ${wantsIt}
      ON CONFLICT (outbox_event_id, person_id) DO NOTHING
      RETURNING id, suppressed)
      SELECT id FROM inserted WHERE suppressed IS NULL`;
    return { ...params.compact(sql), capped };
  }

  /**
   * Person-id ranges (after, upTo] covering every person, each found when its turn comes (one
   * index probe), so that a nationwide fan-out never holds every person id at once.
   */
  private async *personSlices(): AsyncGenerator<[string, string]> {
    let after = MIN_UUID;
    for (const size of sliceSizes()) {
      const [last] = await this.dataSource.query<Array<{ id: string }>>(
        'SELECT id FROM persons WHERE active AND id > $1::uuid ORDER BY id OFFSET $2 LIMIT 1',
        [after, size - 1],
      );
      if (!last) break;
      yield [after, last.id];
      after = last.id;
    }
    yield [after, MAX_UUID];
  }

  /**
   * Adds every PENDING delivery of the event's alerts to persons in (afterPerson, upToPerson] (one
   * slice, at most a few thousand rows: read at once through the alerts' (event, person) index),
   * in bulk (enqueueDeliveries), its id as the job id.
   */
  private async enqueuePending(outboxEventId: string, afterPerson: string, upToPerson: string): Promise<number> {
    // The status is tested here, not in SQL: right after the slice's inserts the planner's statistics
    // say the slice has one alert, and with `d.status = 'PENDING'` it then ANDs in the partial index
    // of every PENDING delivery for each alert (14 s for a 6,400-person slice with 130,000 deliveries
    // pending, against 60 ms through the (alert, channel) index alone).
    const rows = await this.dataSource.query<Array<{ id: string; severity: string; status: string }>>(
      `SELECT d.id, al.severity, d.status FROM alerts al JOIN alert_deliveries d ON d.alert_id = al.id
       WHERE al.outbox_event_id = $1 AND al.person_id > $2::uuid AND al.person_id <= $3::uuid
       ORDER BY al.person_id`,
      [outboxEventId, afterPerson, upToPerson],
    );
    return enqueueDeliveries(
      this.deliveries,
      this.settings,
      rows.filter((row) => row.status === 'PENDING'),
    );
  }
}

/** The ids an INSERT ... RETURNING id gave (only rows new to this run: a replay publishes nothing again). */
function idsOf(result: unknown): string[] {
  const rows =
    Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number' ? result[0] : result;
  return Array.isArray(rows) ? rows.map((row: { id: string }) => String(row.id)) : [];
}

/** node-postgres returns [rows, count] for INSERT ... RETURNING through TypeORM's query(). */
function countOf(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[1];
  }
  return Array.isArray(result) ? result.length : 0;
}
