import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import type { IncidentReportStage, IncidentType, Sector } from '@app/platform/vocabulary';
import { decideRouting, type RoutableAuthority, type RoutingRule } from '@app/policy/incidents/incident-routing-decision';

/** What routing reads of a submitted report (IncidentReportEntity satisfies it). */
export interface RoutableIncidentReport {
  id: string;
  incidentId: string;
  stage: IncidentReportStage;
  organisationId: string | null;
  authorId: string;
  incidentType: IncidentType | null;
  sectorsAffected: Sector[];
  personalDataInvolved: boolean | null;
  permittedAuthorityIds: string[];
  consentToPolice: boolean;
}

/**
 * One window (issue 6): a submitted report (FIRST, FOLLOW_UP or FINAL) goes to every reporting
 * authority it must reach (libs/policy incident-routing-decision.ts). Called INSIDE the submit transaction: the
 * delivery rows written here are the outbox of their BullMQ jobs, committed with the report or
 * not at all; the worker's relay queues them. The decision is recorded in the audit log.
 */
@Injectable()
export class IncidentRoutingService {
  constructor(
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** Writes one PENDING delivery per receiving authority; returns their authority ids. */
  async routeSubmission(manager: EntityManager, report: RoutableIncidentReport): Promise<string[]> {
    // No row locks: the submission already holds the audit chain's lock, which a concurrent change
    // of an authority takes after its row lock (a deadlock). An authority deactivated meanwhile is
    // caught when the delivery is sent (it is then FAILED, visible and retriable).
    const rows = typedSql(manager);
    const authorities = await rows.rows(
      db
        .selectFrom('reporting_authorities')
        .select((eb) => [
          'id',
          'kind',
          'active',
          'requires_reporter_consent',
          eb.ref('routing_rules').$castTo<RoutingRule[]>().as('routing_rules'),
        ])
        .where((eb) => eb.ref('active'))
        .orderBy('kind')
        .orderBy('name_en')
        .orderBy('id')
        .$narrowType<{ kind: RoutableAuthority['kind'] }>(),
    );
    if (authorities.length === 0) return [];
    const organisation = report.organisationId
      ? await rows.first(
          db.selectFrom('organisations').select('sectors').where('id', '=', report.organisationId).$narrowType<{ sectors: Sector[] }>(),
        )
      : undefined;
    const earlier = await rows.rows(
      db
        .selectFrom('incident_deliveries')
        .select('authority_id')
        .distinct()
        .where('incident_id', '=', report.incidentId)
        .where('report_id', '<>', report.id),
    );
    const submission = {
      sectors: [...new Set([...(report.sectorsAffected ?? []), ...(organisation?.sectors ?? [])])],
      incidentType: report.incidentType ?? null,
      personalDataInvolved: report.personalDataInvolved ?? null,
      permittedAuthorityIds: report.permittedAuthorityIds ?? [],
      consentToPolice: report.consentToPolice === true,
      earlierRecipientIds: earlier.map((row) => row.authority_id),
    };
    const verdicts = authorities.map((row) =>
      decideRouting(
        {
          id: row.id,
          kind: row.kind,
          active: row.active,
          requiresReporterConsent: row.requires_reporter_consent,
          routingRules: row.routing_rules,
        },
        submission,
      ),
    );
    const receiving = verdicts.filter((verdict) => verdict.receives);
    if (receiving.length > 0) {
      const receivers = sql<{
        authority_id: string;
        reason: string;
      }>`unnest(${receiving.map((verdict) => verdict.authorityId)}::uuid[], ${receiving.map((verdict) => verdict.reason)}::varchar[])`;
      await rows.execute(
        db
          .insertInto('incident_deliveries')
          .columns(['report_id', 'incident_id', 'authority_id', 'stage', 'reason', 'status', 'created_at'])
          .expression(
            db
              .selectFrom(receivers.as<'r'>(sql`r(authority_id, reason)`))
              .select((eb) => [
                eb.val(report.id).as('report_id'),
                eb.val(report.incidentId).as('incident_id'),
                'r.authority_id',
                eb.val(report.stage).as('stage'),
                'r.reason',
                sql.lit('PENDING').as('status'),
                eb.val(this.clock.now()).as('created_at'),
              ]),
          )
          .onConflict((conflict) => conflict.constraint('incident_deliveries_report_authority_unique').doNothing()),
      );
    }
    await this.audit.append(manager, {
      actorId: report.authorId,
      action: 'incident.report.routed',
      subjectType: 'IncidentReport',
      subjectId: report.id,
      after: {
        stage: report.stage,
        deliveredTo: receiving.map((verdict) => ({ authorityId: verdict.authorityId, reason: verdict.reason })),
        withheld: verdicts
          .filter((verdict) => !verdict.receives && verdict.reason === 'NO_CONSENT')
          .map((verdict) => ({ authorityId: verdict.authorityId, reason: verdict.reason })),
      },
    });
    return receiving.map((verdict) => verdict.authorityId);
  }
}
