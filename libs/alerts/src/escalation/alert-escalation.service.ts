import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { AdvisoryStatus, Role, Severity } from '@app/platform/vocabulary';
import { advisoryAudienceSql } from '@app/policy/advisories/advisory-audience-sql';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { enqueueDeliveries } from '../deliveries/enqueue-deliveries';
import { LiveAlertPublisher } from '../live/live-alert-publisher';
import { ESCALATION_EVENT } from '@app/outbox/outbox-event.entity';
import { channelFilterSql } from '../preferences/channel-filter-sql';
import {
  DELIVERY_QUEUE,
  ESCALATION_JOB,
  ESCALATION_QUEUE,
  escalationJobOptions,
  type DeliveryJobData,
  type EscalationJobData,
} from '../queues/alert-queues';

const BULK = 1000;

interface AlertRow {
  id: string;
  person_id: string;
  outbox_event_id: string;
  advisory_id: string;
  event: string;
  severity: Severity;
  acknowledged_at: Date | null;
  escalated_at: Date | null;
  escalation_of: string | null;
  suppressed: string | null;
  organisation_id: string | null;
  advisory_version: number;
}

export type EscalationOutcome =
  | { escalated: true; recipients: number; deliveries: number }
  | { escalated: false; reason: 'unknown' | 'not-escalable' | 'acknowledged' | 'already-escalated' | 'advisory-not-published' };

/** Who escalates to whom, in SQL (ORG_ADMIN and CISO of the person's organisation). */
const ESCALATION_ROLES = [Role.CISO, Role.ORG_ADMIN];

/**
 * ALERTS.md "Urgency": a CRITICAL alert needs acknowledgement; unacknowledged after its
 * organisation's escalation delay, it escalates to the organisation's other CISO and ORG_ADMIN
 * people. The fan-out schedules one delayed job per such alert (`escalate-<alertId>`),
 * acknowledgeAlert removes it, and when it fires this service decides again from the database:
 * still unacknowledged, never escalated, the advisory still published.
 *
 * The escalation alerts of one advisory event hang off one ESCALATION_EVENT outbox row, so a
 * CISO gets one escalation per event however many colleagues left theirs unacknowledged; the
 * recipients are one set-based INSERT ... SELECT with the fan-out's policy SQL (rule A now).
 */
@Injectable()
export class AlertEscalationService {
  private readonly logger = new Logger('AlertEscalation');
  private readonly toRecord: (row: Record<string, unknown>) => AdvisoryRecord;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(ESCALATION_QUEUE) private readonly escalations: Queue<EscalationJobData>,
    @Inject(DELIVERY_QUEUE) private readonly deliveries: Queue<DeliveryJobData>,
    @Inject(ALERT_SETTINGS) private readonly settings: AlertSettings,
    private readonly live: LiveAlertPublisher,
  ) {
    this.toRecord = advisoryRowMapper(dataSource);
  }

  /**
   * Adds the delayed escalation job of every unacknowledged CRITICAL alert of one event whose
   * person belongs to an organisation with someone to escalate to. The delay runs from the alert's
   * creation, so a replayed fan-out adds the same job (same id, ignored while it exists).
   * Withdrawals are not escalated: there is nothing left to act on.
   */
  async scheduleForEvent(outboxEventId: string): Promise<number> {
    return this.schedule(`al.outbox_event_id = $1`, [outboxEventId]);
  }

  /**
   * The reconciler's part: escalations that are due (by at least `graceMs`) but were not made,
   * within the last day — their job was lost with Redis. Adding with the stable id is a no-op
   * while the job still exists.
   */
  async rescheduleOverdue(graceMs: number): Promise<number> {
    return this.schedule(
      `al.created_at > now() - interval '1 day'
       AND al.created_at + make_interval(secs => org.escalation_delay_seconds) < now() - make_interval(secs => $1::double precision / 1000)`,
      [graceMs],
    );
  }

  private async schedule(condition: string, values: unknown[]): Promise<number> {
    const n = values.length;
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const batch = await this.dataSource.query<Array<{ id: string; delay_ms: number }>>(
        `SELECT al.id,
                extract(epoch FROM (al.created_at + make_interval(secs => org.escalation_delay_seconds) - now())) * 1000 AS delay_ms
         FROM alerts al
         JOIN persons p ON p.id = al.person_id
         JOIN organisations org ON org.id = p.organisation_id
         WHERE ${condition}
           AND al.severity = '${Severity.CRITICAL}' AND al.event <> 'advisory.withdrawn'
           AND al.acknowledged_at IS NULL AND al.escalated_at IS NULL AND al.escalation_of IS NULL AND al.suppressed IS NULL
           AND EXISTS (SELECT 1 FROM persons q WHERE q.organisation_id = p.organisation_id AND q.id <> p.id AND q.active
                         AND ($${n + 2}::text = ANY(q.roles) OR $${n + 3}::text = ANY(q.roles)))
           AND al.id > $${n + 1}
         ORDER BY al.id LIMIT ${BULK}`,
        [...values, after, ...ESCALATION_ROLES],
      );
      if (batch.length === 0) return total;
      await this.escalations.addBulk(
        batch.map((row) => ({ name: ESCALATION_JOB, data: { alertId: row.id }, opts: escalationJobOptions(row.id, Number(row.delay_ms)) })),
      );
      total += batch.length;
      after = batch[batch.length - 1].id;
      if (batch.length < BULK) return total;
    }
  }

  /** The delayed job fired: escalate once if the alert is still unacknowledged. */
  async escalate(alertId: string): Promise<EscalationOutcome> {
    const [alert] = await this.dataSource.query<AlertRow[]>(
      `SELECT al.id, al.person_id, al.outbox_event_id, al.advisory_id, al.event, al.severity, al.acknowledged_at,
              al.escalated_at, al.escalation_of, al.suppressed, p.organisation_id, o.advisory_version
       FROM alerts al JOIN persons p ON p.id = al.person_id JOIN outbox_events o ON o.id = al.outbox_event_id
       WHERE al.id = $1`,
      [alertId],
    );
    if (!alert) return { escalated: false, reason: 'unknown' };
    if (
      alert.severity !== Severity.CRITICAL ||
      alert.escalation_of !== null ||
      alert.suppressed !== null ||
      alert.organisation_id === null ||
      alert.event === 'advisory.withdrawn'
    ) {
      return { escalated: false, reason: 'not-escalable' };
    }
    if (alert.acknowledged_at !== null) return { escalated: false, reason: 'acknowledged' };
    if (alert.escalated_at !== null) return { escalated: false, reason: 'already-escalated' };
    const rows = await this.dataSource.query<Array<Record<string, unknown>>>('SELECT a.* FROM advisories a WHERE a.id = $1', [
      alert.advisory_id,
    ]);
    if (rows.length === 0) return { escalated: false, reason: 'advisory-not-published' };
    const advisory = this.toRecord(rows[0]);
    if (advisory.status !== AdvisoryStatus.PUBLISHED) return { escalated: false, reason: 'advisory-not-published' };

    const result = await this.dataSource.transaction(async (manager) => {
      // The guard that makes it happen once, whatever runs concurrently (a duplicate job, acknowledgement).
      const claimed: unknown[] = await manager.query(
        `UPDATE alerts SET escalated_at = now() WHERE id = $1 AND acknowledged_at IS NULL AND escalated_at IS NULL RETURNING id`,
        [alert.id],
      );
      if (countOf(claimed) === 0) return null;
      await manager.query(
        `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at, fanned_out_at, escalation_of)
         VALUES ($1, $2, $3, now(), now(), now(), $4)
         ON CONFLICT (escalation_of) WHERE escalation_of IS NOT NULL DO NOTHING`,
        [ESCALATION_EVENT, alert.advisory_id, alert.advisory_version, alert.outbox_event_id],
      );
      const [{ id: escalationEventId }] = await manager.query<Array<{ id: string }>>(
        `SELECT id FROM outbox_events WHERE escalation_of = $1`,
        [alert.outbox_event_id],
      );
      const insert = this.recipientsStatement(alert, advisory, String(escalationEventId));
      const alertRows = (await manager.query(insert.sql, insert.values)) as unknown;
      const newAlertIds = rowsOf<{ id: string }>(alertRows).map((r) => r.id);
      const deliveryRows = (await manager.query(
        `INSERT INTO alert_deliveries (alert_id, channel_id)
         SELECT al.id, c.id
         FROM alerts al JOIN alert_channels c ON c.person_id = al.person_id JOIN advisories adv ON adv.id = al.advisory_id
         WHERE al.id = ANY($1::uuid[]) AND c.enabled AND c.removed_at IS NULL AND c.kind IN ('WEBHOOK', 'EMAIL')
           AND c.created_at <= al.created_at
           AND ${channelFilterSql('c', 'adv')}
         ON CONFLICT (alert_id, channel_id) DO NOTHING
         RETURNING id`,
        [newAlertIds],
      )) as unknown;
      return { recipients: newAlertIds.length, alertIds: newAlertIds, deliveryIds: rowsOf<{ id: string }>(deliveryRows).map((r) => r.id) };
    });
    if (result === null) return { escalated: false, reason: 'already-escalated' };
    // Committed: the escalation alerts are pushed live like any other (ids only).
    await this.live.publish(result.alertIds);
    await enqueueDeliveries(
      this.deliveries,
      this.settings,
      result.deliveryIds.map((id) => ({ id, severity: Severity.CRITICAL })),
    );
    this.logger.log(`alert ${alert.id} escalated: ${result.recipients} recipients, ${result.deliveryIds.length} deliveries`);
    return { escalated: true, recipients: result.recipients, deliveries: result.deliveryIds.length };
  }

  /**
   * The organisation's other active CISO and ORG_ADMIN people to whom rule A gives the FULL or
   * TEAR_LINE view now (the fan-out's policy SQL), never the advisory's author; CRITICAL is at or
   * above every channel's minimum severity, so each gets an alert (and never goes to a digest);
   * deliveries go to their channels whose sector and region filters take the advisory, as in the
   * fan-out.
   */
  private recipientsStatement(alert: AlertRow, advisory: AdvisoryRecord, escalationEventId: string): { sql: string; values: unknown[] } {
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, new Date(), params, { asPublished: false });
    const sql = `
      INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access, escalation_of)
      SELECT ${params.add(escalationEventId, 'bigint')}, p.id, ${params.add(advisory.id, 'uuid')}, ${params.add(alert.event, 'text')},
             ${params.add(alert.severity, 'text')}, ${audience.access}, ${params.add(alert.id, 'uuid')}
      FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
      WHERE p.organisation_id = ${params.add(alert.organisation_id, 'uuid')}
        AND p.active
        AND p.id <> ${params.add(alert.person_id, 'uuid')}
        AND p.id <> ${params.add(advisory.authorId, 'uuid')}
        AND (${params.add(Role.CISO, 'text')} = ANY(p.roles) OR ${params.add(Role.ORG_ADMIN, 'text')} = ANY(p.roles))
        AND (${audience.ruleAFull} OR ${audience.ruleATearLine})
      ON CONFLICT (outbox_event_id, person_id) DO NOTHING
      RETURNING id`;
    return params.compact(sql);
  }
}

/** node-postgres returns [rows, count] for UPDATE/INSERT ... RETURNING through TypeORM's query(). */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[0] as T[];
  }
  return Array.isArray(result) ? (result as T[]) : [];
}

function countOf(result: unknown): number {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') {
    return result[1];
  }
  return Array.isArray(result) ? result.length : 0;
}
