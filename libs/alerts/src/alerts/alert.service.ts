import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type Repository, type SelectQueryBuilder } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { CouncilError } from '@app/platform/errors/council-error';
import { Severity } from '@app/platform/vocabulary';
import { defineAlertAbility, type AlertAction } from '@app/policy/alerts/alert-ability';
import { alertActionToSql } from '@app/policy/alerts/alert-access-sql';
import type { Reader } from '@app/policy/reader';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { AlertJobs } from '../queues/alert-jobs';
import { AlertEntity } from './alert.entity';

/** The reader's own alerts: listing (myAlerts) and acknowledgement. */
@Injectable()
export class AlertService {
  constructor(
    @InjectRepository(AlertEntity) private readonly alerts: Repository<AlertEntity>,
    private readonly clock: Clock,
    private readonly jobs: AlertJobs,
  ) {}

  /** Newest first; the alert policy's read rule is the WHERE clause (the reader's own alerts). */
  list(reader: Reader, first: number, unacknowledgedOnly: boolean): Promise<AlertEntity[]> {
    // An alert the per-originator daily cap suppressed never reached the person (storm control).
    const query = this.allowed(reader, 'read').andWhere('al.suppressed IS NULL');
    if (unacknowledgedOnly) query.andWhere('al.acknowledged_at IS NULL');
    return query.orderBy('al.createdAt', 'DESC').addOrderBy('al.id', 'DESC').limit(first).getMany();
  }

  /**
   * Idempotent: acknowledging twice keeps the first instant. Someone else's alert is NOT_FOUND.
   * Acknowledging a CRITICAL alert removes its pending escalation (ALERTS.md "Urgency").
   */
  async acknowledge(reader: Reader, id: string): Promise<AlertEntity> {
    const alert = await this.allowed(reader, 'acknowledge').andWhere('al.id = :id', { id }).getOne();
    if (!alert) throw CouncilError.notFound('Alert');
    if (alert.acknowledgedAt === null) {
      await this.alerts.update({ id: alert.id, acknowledgedAt: IsNull() }, { acknowledgedAt: this.clock.now() });
      if (alert.severity === Severity.CRITICAL && alert.escalationOf === null && alert.escalatedAt === null) {
        await this.jobs.cancelEscalation(alert.id);
      }
    }
    return this.alerts.findOneByOrFail({ id: alert.id });
  }

  /** The alerts on which the reader may do `action`: the policy's rule as the query's WHERE clause (`al`). */
  private allowed(reader: Reader, action: AlertAction): SelectQueryBuilder<AlertEntity> {
    const params = new SqlParameters();
    const clause = params.named(alertActionToSql(defineAlertAbility(reader), action, 'Alert', params));
    return this.alerts.createQueryBuilder('al').where(clause.sql, clause.parameters);
  }
}
