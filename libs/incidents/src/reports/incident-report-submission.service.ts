import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { IncidentReportStage, IncidentStatus } from '@app/platform/vocabulary';
import { defineIncidentReportAbility } from '@app/policy/incidents/incident-report-ability';
import type { Reader } from '@app/policy/reader';
import { IncidentCaseEntity } from '../cases/incident-case.entity';
import { IncidentErrors } from '../incident-errors';
import { IncidentRoutingService } from '../routing/incident-routing.service';
import {
  assertPlausibleTimes,
  firstReportColumns,
  followUpColumns,
  type FirstReportContent,
  type FollowUpContent,
  type ReportColumns,
} from './incident-report-content';
import { IncidentReportEntity } from './incident-report.entity';
import { IncidentReportQueryService } from './incident-report-query.service';

/** The audit log's subject type for incident reports. */
export const INCIDENT_REPORT_SUBJECT = 'IncidentReport';

export type FollowUpStage = IncidentReportStage.FOLLOW_UP | IncidentReportStage.FINAL;

/**
 * Submitting reports: a FIRST report opens an incident, FOLLOW_UPs add to it, a FINAL closes it.
 * Each submission is one transaction: the report, the incident's new state, the audit row and the
 * deliveries to every authority the report must reach (IncidentRoutingService, in the same
 * transaction) commit together or not at all.
 */
@Injectable()
export class IncidentReportSubmissionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: IncidentReportQueryService,
    private readonly routing: IncidentRoutingService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** Opens an incident with its FIRST report; answers the report's id. */
  async submitFirst(reporter: Reader, content: FirstReportContent): Promise<string> {
    const now = this.clock.now();
    if (!defineIncidentReportAbility(reporter, now).can('submit', 'IncidentReport')) throw IncidentErrors.mayNotSubmit();
    const columns = firstReportColumns(content, reporter.organisation?.sectors ?? []);
    assertPlausibleTimes(columns, now);
    return this.dataSource.transaction(async (manager) => {
      await assertKnownAuthorities(manager, content.permittedAuthorityIds);
      const incident = await manager.save(
        manager.create(IncidentCaseEntity, {
          organisationId: reporter.organisation?.id ?? null,
          openedById: reporter.id,
          status: IncidentStatus.OPEN,
          latestStage: IncidentReportStage.FIRST,
          latestSequence: 1,
          openedAt: now,
          lastReportAt: now,
          closedAt: null,
        }),
      );
      const report = await this.record(manager, reporter, incident, IncidentReportStage.FIRST, columns, now);
      return report.id;
    });
  }

  /** Adds a FOLLOW_UP or the FINAL report to an open incident; answers the new report's id. */
  async submitFollowUp(reporter: Reader, incidentId: string, stage: FollowUpStage, change: FollowUpContent): Promise<string> {
    if (stage !== IncidentReportStage.FOLLOW_UP && stage !== IncidentReportStage.FINAL) {
      throw IncidentErrors.invalid('stage', 'stage must be FOLLOW_UP or FINAL (a FIRST report opens a new incident)');
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const locked = await this.queries.lockIncident(manager, reporter, incidentId);
      if (!locked) throw IncidentErrors.incidentNotFound();
      if (!locked.mayFollowUp) throw IncidentErrors.mayNotFollowUp();
      const { incident } = locked;
      if (incident.status === IncidentStatus.CLOSED) throw IncidentErrors.closed();
      const previous = await manager.findOneOrFail(IncidentReportEntity, {
        where: { incidentId: incident.id, sequence: incident.latestSequence },
      });
      await assertKnownAuthorities(manager, change.permittedAuthorityIds);
      const columns = followUpColumns(previous, change);
      assertPlausibleTimes(columns, now);
      const report = await this.record(manager, reporter, incident, stage, columns, now);
      return report.id;
    });
  }

  /** Writes the report, moves the incident on, audits it and routes it — in `manager`'s transaction. */
  private async record(
    manager: EntityManager,
    reporter: Reader,
    incident: IncidentCaseEntity,
    stage: IncidentReportStage,
    columns: ReportColumns,
    now: Date,
  ): Promise<IncidentReportEntity> {
    const sequence = stage === IncidentReportStage.FIRST ? 1 : incident.latestSequence + 1;
    const report = await manager.save(
      manager.create(IncidentReportEntity, {
        ...columns,
        incidentId: incident.id,
        stage,
        sequence,
        organisationId: incident.organisationId,
        authorId: reporter.id,
        submittedAt: now,
      }),
    );
    const closes = stage === IncidentReportStage.FINAL;
    if (stage !== IncidentReportStage.FIRST) {
      await manager.update(
        IncidentCaseEntity,
        { id: incident.id },
        {
          latestStage: stage,
          latestSequence: sequence,
          lastReportAt: now,
          ...(closes ? { status: IncidentStatus.CLOSED, closedAt: now } : {}),
        },
      );
    }
    // Decisions only: the report's content stays out of a log that overseers read.
    await this.audit.append(manager, {
      actorId: reporter.id,
      action: 'incident_report.submitted',
      subjectType: INCIDENT_REPORT_SUBJECT,
      subjectId: report.id,
      before: stage === IncidentReportStage.FIRST ? null : { incidentStatus: incident.status, sequence: incident.latestSequence },
      after: {
        incidentId: incident.id,
        stage,
        sequence,
        incidentStatus: closes ? IncidentStatus.CLOSED : IncidentStatus.OPEN,
        permittedPurposes: report.permittedPurposes,
        consentToPolice: report.consentToPolice,
      },
    });
    await this.routing.routeSubmission(manager, report);
    return report;
  }
}

/**
 * The authorities a reporter names must be active reporting authorities. Only the ids given in
 * this submission are checked: a follow-up carrying over an authority deactivated since is fine
 * (routing skips inactive authorities).
 */
async function assertKnownAuthorities(manager: EntityManager, ids: readonly string[] | null | undefined): Promise<void> {
  if (!ids?.length) return;
  const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
  const rows = await typedSql(manager).rows(
    db
      .selectFrom('reporting_authorities')
      .select('id')
      .where('id', '=', sql<string>`ANY(${wanted}::uuid[])`)
      .where((eb) => eb.ref('active')),
  );
  const known = new Set(rows.map((r) => r.id));
  const unknown = wanted.filter((id) => !known.has(id));
  if (unknown.length > 0) {
    throw IncidentErrors.invalid('permittedAuthorityIds', `no active reporting authority has the id ${unknown.join(', ')}`);
  }
}
