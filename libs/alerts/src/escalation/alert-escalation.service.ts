import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Queue } from 'bullmq';
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { DataSource } from 'typeorm';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import type { DB } from '@app/platform/database/database-types';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { AdvisoryStatus, Role, Severity } from '@app/platform/vocabulary';
import { advisoryAudienceSql } from '@app/policy/advisories/advisory-audience-sql';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { sqlCondition, sqlExpression } from '@app/policy/sql/sql-condition';
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

/** The tables the scheduling query joins, by alias (for the conditions its callers add). */
type ScheduledFrom = { al: DB['alerts']; p: DB['persons']; org: DB['organisations'] };

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
    return this.schedule((eb) => eb('al.outbox_event_id', '=', outboxEventId));
  }

  /**
   * The reconciler's part: escalations that are due (by at least `graceMs`) but were not made,
   * within the last day — their job was lost with Redis. Adding with the stable id is a no-op
   * while the job still exists.
   */
  async rescheduleOverdue(graceMs: number): Promise<number> {
    return this.schedule(
      (eb) =>
        sql<SqlBool>`${eb.ref('al.created_at')} > now() - interval '1 day'
       AND ${eb.ref('al.created_at')} + make_interval(secs => ${eb.ref('org.escalation_delay_seconds')}) < now() - make_interval(secs => ${graceMs}::double precision / 1000)`,
    );
  }

  private async schedule(condition: (eb: ExpressionBuilder<ScheduledFrom, 'al' | 'p' | 'org'>) => Expression<SqlBool>): Promise<number> {
    let after = '00000000-0000-0000-0000-000000000000';
    let total = 0;
    for (;;) {
      const [firstRole, secondRole] = ESCALATION_ROLES;
      const batch = await typedSql(this.dataSource).rows(
        db
          .selectFrom('alerts as al')
          .innerJoin('persons as p', 'p.id', 'al.person_id')
          .innerJoin('organisations as org', 'org.id', 'p.organisation_id')
          .select((eb) => [
            'al.id',
            // numeric: node-postgres hands it over as a string.
            sql<string>`extract(epoch FROM (${eb.ref('al.created_at')} + make_interval(secs => ${eb.ref('org.escalation_delay_seconds')}) - now())) * 1000`.as(
              'delay_ms',
            ),
          ])
          .where(condition)
          .where('al.severity', '=', sql.lit(Severity.CRITICAL))
          .where('al.event', '<>', sql.lit('advisory.withdrawn'))
          .where('al.acknowledged_at', 'is', null)
          .where('al.escalated_at', 'is', null)
          .where('al.escalation_of', 'is', null)
          .where('al.suppressed', 'is', null)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('persons as q')
                .select(sql.lit(1).as('one'))
                .whereRef('q.organisation_id', '=', 'p.organisation_id')
                .whereRef('q.id', '<>', 'p.id')
                .where((qb) => qb.ref('q.active'))
                .where(
                  (qb) => sql<SqlBool>`(${firstRole}::text = ANY(${qb.ref('q.roles')}) OR ${secondRole}::text = ANY(${qb.ref('q.roles')}))`,
                ),
            ),
          )
          .where('al.id', '>', after)
          .orderBy('al.id')
          .limit(sql.lit(BULK)),
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
    const alert: AlertRow | undefined = await typedSql(this.dataSource).first(
      db
        .selectFrom('alerts as al')
        .innerJoin('persons as p', 'p.id', 'al.person_id')
        .innerJoin('outbox_events as o', 'o.id', 'al.outbox_event_id')
        .select([
          'al.id',
          'al.person_id',
          'al.outbox_event_id',
          'al.advisory_id',
          'al.event',
          'al.severity',
          'al.acknowledged_at',
          'al.escalated_at',
          'al.escalation_of',
          'al.suppressed',
          'p.organisation_id',
          'o.advisory_version',
        ])
        .$narrowType<{ severity: Severity }>()
        .where('al.id', '=', alertId),
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
    const row = await typedSql(this.dataSource).first(
      db.selectFrom('advisories as a').selectAll('a').where('a.id', '=', alert.advisory_id),
    );
    if (!row) return { escalated: false, reason: 'advisory-not-published' };
    const advisory = this.toRecord(row);
    if (advisory.status !== AdvisoryStatus.PUBLISHED) return { escalated: false, reason: 'advisory-not-published' };

    const result = await this.dataSource.transaction(async (manager) => {
      // The guard that makes it happen once, whatever runs concurrently (a duplicate job, acknowledgement).
      const claimed = await typedSql(manager).rows(
        db
          .updateTable('alerts')
          .set({ escalated_at: sql<Date>`now()` })
          .where('id', '=', alert.id)
          .where('acknowledged_at', 'is', null)
          .where('escalated_at', 'is', null)
          .returning('id'),
      );
      if (claimed.length === 0) return null;
      await typedSql(manager).execute(
        db
          .insertInto('outbox_events')
          .values({
            event: ESCALATION_EVENT,
            advisory_id: alert.advisory_id,
            advisory_version: alert.advisory_version,
            occurred_at: sql<Date>`now()`,
            dispatched_at: sql<Date>`now()`,
            fanned_out_at: sql<Date>`now()`,
            escalation_of: alert.outbox_event_id,
          })
          .onConflict((oc) => oc.column('escalation_of').where('escalation_of', 'is not', null).doNothing()),
      );
      const escalationEvent = await typedSql(manager).first(
        db.selectFrom('outbox_events').select('id').where('escalation_of', '=', alert.outbox_event_id),
      );
      const newAlerts = await typedSql(manager).rows(this.recipientsStatement(alert, advisory, String(escalationEvent?.id)));
      const newAlertIds = newAlerts.map((r) => r.id);
      const deliveries = await typedSql(manager).rows(
        db
          .insertInto('alert_deliveries')
          .columns(['alert_id', 'channel_id'])
          .expression(
            db
              .selectFrom('alerts as al')
              .innerJoin('alert_channels as c', 'c.person_id', 'al.person_id')
              .innerJoin('advisories as adv', 'adv.id', 'al.advisory_id')
              .select(['al.id', 'c.id'])
              .where('al.id', '=', sql<string>`ANY(${newAlertIds}::uuid[])`)
              .where((eb) => eb.ref('c.enabled'))
              .where('c.removed_at', 'is', null)
              .where('c.kind', 'in', [sql.lit('WEBHOOK'), sql.lit('EMAIL')])
              .whereRef('c.created_at', '<=', 'al.created_at')
              // The channel filter names its tables by alias: c and adv, as joined here.
              .where(sql<SqlBool>`${sql.raw(channelFilterSql('c', 'adv'))}`),
          )
          .onConflict((oc) => oc.columns(['alert_id', 'channel_id']).doNothing())
          .returning('id'),
      );
      return { recipients: newAlertIds.length, alertIds: newAlertIds, deliveryIds: deliveries.map((r) => r.id) };
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
  private recipientsStatement(alert: AlertRow, advisory: AdvisoryRecord, escalationEventId: string) {
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, new Date(), params, { asPublished: false });
    return db
      .insertInto('alerts')
      .columns(['outbox_event_id', 'person_id', 'advisory_id', 'event', 'severity', 'access', 'escalation_of'])
      .expression(
        db
          .selectFrom('persons as p')
          .leftJoin('organisations as o', 'o.id', 'p.organisation_id')
          // The policy's fragments name the person p and their organisation o, as joined here.
          .select([
            sql<string>`${escalationEventId}::bigint`.as('outbox_event_id'),
            'p.id',
            sql<string>`${advisory.id}::uuid`.as('advisory_id'),
            sql<string>`${alert.event}::text`.as('event'),
            sql<string>`${alert.severity}::text`.as('severity'),
            sqlExpression<string>(audience.access, params).as('access'),
            sql<string>`${alert.id}::uuid`.as('escalation_of'),
          ])
          .where('p.organisation_id', '=', sql<string>`${alert.organisation_id}::uuid`)
          .where((eb) => eb.ref('p.active'))
          .where('p.id', '<>', sql<string>`${alert.person_id}::uuid`)
          .where('p.id', '<>', sql<string>`${advisory.authorId}::uuid`)
          .where(
            (eb) => sql<SqlBool>`(${Role.CISO}::text = ANY(${eb.ref('p.roles')}) OR ${Role.ORG_ADMIN}::text = ANY(${eb.ref('p.roles')}))`,
          )
          .where((eb) => eb.or([sqlCondition(audience.ruleAFull, params), sqlCondition(audience.ruleATearLine, params)])),
      )
      .onConflict((oc) => oc.columns(['outbox_event_id', 'person_id']).doNothing())
      .returning('id');
  }
}
