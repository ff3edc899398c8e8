import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, type FindOptionsWhere, type Repository } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import { CouncilError } from '@app/platform/errors/council-error';
import { Severity } from '@app/platform/vocabulary';
import { defineAlertAbility } from '@app/policy/alerts/alert-ability';
import { asSubject } from '@app/policy/membership/membership-ability';
import type { Reader } from '@app/policy/reader';
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

  /** Newest first; the person's id is part of the WHERE clause. */
  list(reader: Reader, first: number, unacknowledgedOnly: boolean): Promise<AlertEntity[]> {
    // An alert the per-originator daily cap suppressed never reached the person (storm control).
    const where: FindOptionsWhere<AlertEntity> = { personId: reader.id, suppressed: IsNull() };
    if (unacknowledgedOnly) where.acknowledgedAt = IsNull();
    return this.alerts.find({ where, order: { createdAt: 'DESC', id: 'DESC' }, take: first });
  }

  /**
   * Idempotent: acknowledging twice keeps the first instant. Someone else's alert is NOT_FOUND.
   * Acknowledging a CRITICAL alert removes its pending escalation (ALERTS.md "Urgency").
   */
  async acknowledge(reader: Reader, id: string): Promise<AlertEntity> {
    const alert = await this.alerts.findOneBy({ id });
    if (!alert || !defineAlertAbility(reader).can('acknowledge', asSubject('Alert', alert))) {
      throw CouncilError.notFound('Alert');
    }
    if (alert.acknowledgedAt === null) {
      await this.alerts.update({ id: alert.id, acknowledgedAt: IsNull() }, { acknowledgedAt: this.clock.now() });
      if (alert.severity === Severity.CRITICAL && alert.escalationOf === null && alert.escalatedAt === null) {
        await this.jobs.cancelEscalation(alert.id);
      }
    }
    return this.alerts.findOneByOrFail({ id: alert.id });
  }
}
