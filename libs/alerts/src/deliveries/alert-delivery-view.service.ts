import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import { AuditLogService } from '@app/audit/audit-log.service';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { AlertChannelKind, type Severity } from '@app/platform/vocabulary';
import { defineAlertAbility, type AlertAbility } from '@app/policy/alerts/alert-ability';
import { alertDeliveryReadSql, alertReadSql } from '@app/policy/alerts/alert-access-sql';
import { projectAlertDelivery } from '@app/policy/alerts/alert-delivery-projection';
import { asSubject } from '@app/policy/membership/membership-ability';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { AlertJobs } from '../queues/alert-jobs';
import type { AlertDeliveryStatus } from './alert-delivery.entity';

/** One delivery as someone may see it. */
export interface AlertDeliveryView {
  id: string;
  alertId: string;
  advisoryId: string;
  personId: string;
  severity: Severity;
  channelId: string;
  channelKind: AlertChannelKind;
  /** As the policy shows it (projectAlertDelivery): in full to the owner, redacted to anyone else. */
  target: string | null;
  status: AlertDeliveryStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  advisory_id: string;
  person_id: string;
  severity: Severity;
  channel_id: string;
  kind: AlertChannelKind;
  target: string | null;
  status: AlertDeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
}

/** The alert is joined as `al`, the delivery is `d`: the policy's columns (alertDeliveryReadSql). */
function deliveries() {
  return db
    .selectFrom('alert_deliveries as d')
    .innerJoin('alerts as al', 'al.id', 'd.alert_id')
    .innerJoin('alert_channels as c', 'c.id', 'd.channel_id')
    .select([
      'd.id',
      'd.alert_id',
      'al.advisory_id',
      'al.person_id',
      'al.severity',
      'c.id as channel_id',
      'c.kind',
      'c.target',
      'd.status',
      'd.attempts',
      'd.last_error',
      'd.created_at',
      'd.delivered_at',
    ])
    .$narrowType<{ severity: Severity; kind: AlertChannelKind; status: AlertDeliveryStatus }>();
}

/**
 * Deliveries over GraphQL (ALERTS.md: a delivery that fails for good is "marked failed and visible
 * to the person and the secretariat"): a person's own deliveries, the secretariat's view of the
 * failed deliveries of one advisory, and the secretariat's retry. Every read is one statement whose
 * WHERE clause is the alert policy's read rule (alertDeliveryReadSql); the target a reader sees is
 * the policy's (projectAlertDelivery).
 */
@Injectable()
export class AlertDeliveryViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: AlertJobs,
    private readonly audit: AuditLogService,
    private readonly advisories: AdvisoryQueryService,
  ) {}

  /** The deliveries of one of the reader's alerts (someone else's alert has none for them). */
  async forAlert(reader: Reader, alertId: string): Promise<AlertDeliveryView[]> {
    const ability = defineAlertAbility(reader);
    const params = new SqlParameters();
    // The alert's rule as well as the delivery's: the secretariat reads every delivery, but asks
    // through an alert only for its own alerts' deliveries.
    const allowed = `${alertReadSql(ability, params)} AND ${alertDeliveryReadSql(ability, params)}`;
    const rows = await typedSql(this.dataSource).rows(
      deliveries()
        .where('d.alert_id', '=', sql<string>`${alertId}::uuid`)
        .where(sqlCondition(allowed, params))
        .orderBy('d.created_at')
        .orderBy('d.id'),
    );
    return this.views(ability, rows);
  }

  /** The reader's own FAILED deliveries, newest first. */
  async myFailed(reader: Reader, first: number): Promise<AlertDeliveryView[]> {
    const ability = defineAlertAbility(reader);
    const params = new SqlParameters();
    const allowed = alertDeliveryReadSql(ability, params);
    const rows = await typedSql(this.dataSource).rows(
      deliveries()
        .where('al.person_id', '=', sql<string>`${reader.id}::uuid`)
        .where('d.status', '=', sql.lit('FAILED'))
        .where(sqlCondition(allowed, params))
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(sql<number>`${first}::integer`),
    );
    return this.views(ability, rows);
  }

  /**
   * Secretariat: the FAILED and CANCELLED deliveries of every alert of one advisory, newest first
   * (ALERTS.md: a cancelled delivery is visible to the secretariat).
   */
  async failedForAdvisory(reader: Reader, advisoryId: string, first: number): Promise<AlertDeliveryView[]> {
    const ability = defineAlertAbility(reader);
    if (!ability.can('review', 'AlertDelivery')) {
      throw CouncilError.forbidden('Only the secretariat sees the failed deliveries of an advisory');
    }
    // Through the policy: an advisory the secretariat may not see (a member's draft) is not found,
    // as a missing one is, rather than answering with an empty list.
    if (!(await this.advisories.findVisibleRecord(reader, advisoryId))) throw CouncilError.notFound('Advisory');
    const params = new SqlParameters();
    const allowed = alertDeliveryReadSql(ability, params);
    const rows = await typedSql(this.dataSource).rows(
      deliveries()
        .where('al.advisory_id', '=', sql<string>`${advisoryId}::uuid`)
        .where('d.status', 'in', [sql.lit('FAILED'), sql.lit('CANCELLED')])
        .where(sqlCondition(allowed, params))
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(sql<number>`${first}::integer`),
    );
    return this.views(ability, rows);
  }

  /**
   * Secretariat: sends a FAILED delivery again, same delivery id, with a fresh retry schedule.
   * The old job is removed before the row is PENDING again and the new one added after, so the
   * worker never takes the delivery while it is still FAILED, and the reconciler can add the job
   * if this process stops between the two.
   */
  async retry(reader: Reader, id: string): Promise<AlertDeliveryView> {
    const ability = defineAlertAbility(reader);
    if (!ability.can('retry', 'AlertDelivery')) throw CouncilError.forbidden('Only the secretariat may retry an alert delivery');
    const row = await this.load(ability, id);
    if (!row) throw CouncilError.notFound('Alert delivery');
    if (!ability.can('retry', asSubject('AlertDelivery', { personId: row.person_id, status: row.status }))) {
      throw CouncilError.conflict(`Only a FAILED delivery can be retried; this one is ${row.status}`);
    }
    await this.jobs.removeFinishedDelivery(row.id);
    const updated = await this.dataSource.transaction(async (manager) => {
      const retried = await typedSql(manager).rows(
        db
          .updateTable('alert_deliveries')
          .set({ status: sql.lit('PENDING') })
          .where('id', '=', row.id)
          .where('status', '=', sql.lit('FAILED'))
          .returning('id'),
      );
      if (retried.length === 0) return false;
      await this.audit.append(manager, {
        actorId: reader.id,
        action: 'alert.delivery.retried',
        subjectType: 'AlertDelivery',
        subjectId: row.id,
        before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
        after: { status: 'PENDING' },
      });
      return true;
    });
    if (!updated) throw CouncilError.conflict('The delivery changed meanwhile; it is no longer FAILED');
    await this.jobs.redeliver(row.id, row.severity);
    return this.toView(ability, (await this.load(ability, row.id)) as DeliveryRow);
  }

  /** One delivery, if the reader may read it (the read rule is the WHERE clause, as for the lists). */
  private async load(ability: AlertAbility, id: string): Promise<DeliveryRow | undefined> {
    const params = new SqlParameters();
    const allowed = alertDeliveryReadSql(ability, params);
    return typedSql(this.dataSource).first(
      deliveries()
        .where('d.id', '=', sql<string>`${id}::uuid`)
        .where(sqlCondition(allowed, params)),
    );
  }

  private views(ability: AlertAbility, rows: DeliveryRow[]): AlertDeliveryView[] {
    return rows.map((row) => this.toView(ability, row));
  }

  private toView(ability: AlertAbility, row: DeliveryRow): AlertDeliveryView {
    const guarded = projectAlertDelivery(ability, { personId: row.person_id, channelKind: row.kind, target: row.target });
    return {
      id: row.id,
      alertId: row.alert_id,
      advisoryId: row.advisory_id,
      personId: row.person_id,
      severity: row.severity,
      channelId: row.channel_id,
      channelKind: row.kind,
      target: guarded.target,
      status: row.status,
      attempts: row.attempts,
      lastError: row.last_error,
      createdAt: new Date(row.created_at),
      deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    };
  }
}
