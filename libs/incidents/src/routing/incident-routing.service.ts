import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
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

interface AuthorityRow {
  id: string;
  kind: RoutableAuthority['kind'];
  active: boolean;
  requires_reporter_consent: boolean;
  routing_rules: RoutingRule[];
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
    const authorities = await manager.query<AuthorityRow[]>(
      `SELECT id, kind, active, requires_reporter_consent, routing_rules FROM reporting_authorities
       WHERE active ORDER BY kind, name_en, id`,
    );
    if (authorities.length === 0) return [];
    const [organisation] = report.organisationId
      ? await manager.query<Array<{ sectors: Sector[] }>>('SELECT sectors FROM organisations WHERE id = $1', [report.organisationId])
      : [];
    const earlier = await manager.query<Array<{ authority_id: string }>>(
      'SELECT DISTINCT authority_id FROM incident_deliveries WHERE incident_id = $1 AND report_id <> $2',
      [report.incidentId, report.id],
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
      await manager.query(
        `INSERT INTO incident_deliveries (report_id, incident_id, authority_id, stage, reason, status, created_at)
         SELECT $1, $2, authority_id, $3, reason, 'PENDING', $4
         FROM unnest($5::uuid[], $6::varchar[]) AS r(authority_id, reason)
         ON CONFLICT ON CONSTRAINT incident_deliveries_report_authority_unique DO NOTHING`,
        [
          report.id,
          report.incidentId,
          report.stage,
          this.clock.now(),
          receiving.map((verdict) => verdict.authorityId),
          receiving.map((verdict) => verdict.reason),
        ],
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
