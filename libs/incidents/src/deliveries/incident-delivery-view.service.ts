import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { CouncilError } from '@app/platform/errors/council-error';
import type { IncidentDeliveryStatus, IncidentReportStage, ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';
import { defineIncidentReportAbility, INCIDENT_REPORT } from '@app/policy/incidents/incident-report-ability';
import { defineIncidentRoutingAbility } from '@app/policy/incidents/incident-routing-ability';
import { asSubject } from '@app/policy/membership/membership-ability';
import type { Reader } from '@app/policy/reader';

/** One report's delivery to one authority, as a reader of the report may see it. */
export interface IncidentDeliveryView {
  id: string;
  reportId: string;
  incidentId: string;
  stage: IncidentReportStage;
  authorityId: string;
  authorityNameJa: string;
  authorityNameEn: string;
  authorityKind: ReportingAuthorityKind;
  /** The secretariat only: how the authority receives (null for the reporter's side). */
  channelKind: ReportingChannelKind | null;
  reason: string;
  status: IncidentDeliveryStatus;
  attempts: number;
  /** The secretariat reads the error as recorded; the reporter's side a wording without the authority's addresses. */
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

interface Row {
  id: string;
  report_id: string;
  incident_id: string;
  stage: IncidentReportStage;
  authority_id: string;
  name_ja: string;
  name_en: string;
  kind: ReportingAuthorityKind;
  channel_kind: ReportingChannelKind;
  reason: string;
  status: IncidentDeliveryStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  author_id: string;
  organisation_id: string | null;
  opened_by_id: string;
}

const SELECT = `
  SELECT d.id, d.report_id, d.incident_id, d.stage, d.authority_id, a.name_ja, a.name_en, a.kind, a.channel_kind, d.reason,
         d.status, d.attempts, d.last_error, d.created_at, d.delivered_at, r.author_id, r.organisation_id, c.opened_by_id
  FROM incident_deliveries d
  JOIN reporting_authorities a ON a.id = d.authority_id
  JOIN incident_reports r ON r.id = d.report_id
  JOIN incident_cases c ON c.id = d.incident_id`;

/**
 * An error as a reporter may read it: the HTTP status or timeout an authority's receiver gave,
 * but not connection errors, which name the authority's hosts and addresses.
 */
export function reporterError(error: string | null): string | null {
  if (error === null) return null;
  if (/^receiver answered HTTP \d{3}$/.test(error) || /^no answer within \d+ ms$/.test(error)) return error;
  if (error.startsWith('the reporting authority was deactivated')) return error;
  return "the authority's receiver could not be reached";
}

/**
 * Deliveries over GraphQL: a report's deliveries for whoever may read the report (the report's
 * policy, checked again here on the report's own fields), the secretariat's list of FAILED
 * deliveries, and the secretariat's retry of one.
 */
@Injectable()
export class IncidentDeliveryViewService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /**
   * The deliveries of one report, by authority; none when the reader may not read the report. A
   * list of reports asks for each report's deliveries at once (GraphQL resolves sibling fields in
   * the same turn): those asks share one statement.
   */
  async forReport(reader: Reader, reportId: string): Promise<IncidentDeliveryView[]> {
    return this.visible(reader, await this.rowsByReport.call(reportId));
  }

  private readonly rowsByReport = new StatementBatcher<string, Row[]>(async (reportIds) => {
    const rows = await this.dataSource.query<Row[]>(`${SELECT} WHERE d.report_id = ANY($1::uuid[]) ORDER BY a.kind, a.name_en, d.id`, [
      [...new Set(reportIds)],
    ]);
    return reportIds.map((reportId) => rows.filter((row) => row.report_id === reportId));
  });

  /** The secretariat: FAILED deliveries, newest first. */
  async failed(reader: Reader, first: number): Promise<IncidentDeliveryView[]> {
    if (!defineIncidentRoutingAbility(reader, this.clock.now()).can('review', 'IncidentDelivery')) {
      throw CouncilError.forbidden('Only the secretariat (with a valid confidentiality pledge) lists failed incident deliveries');
    }
    const rows = await this.dataSource.query<Row[]>(`${SELECT} WHERE d.status = 'FAILED' ORDER BY d.created_at DESC, d.id DESC LIMIT $1`, [first]);
    return this.visible(reader, rows);
  }

  /**
   * The secretariat sends a FAILED delivery again: same deliveryId, a new job generation and a
   * fresh retry schedule. The row goes back to PENDING and undispatched in one audited
   * transaction; the worker's relay adds the job (the API never touches Redis for this).
   */
  async retry(reader: Reader, id: string): Promise<IncidentDeliveryView> {
    const ability = defineIncidentRoutingAbility(reader, this.clock.now());
    if (!ability.can('retry', 'IncidentDelivery')) throw CouncilError.forbidden('Only the secretariat may retry an incident delivery');
    const row = await this.load(id);
    if (!row) throw CouncilError.notFound('Incident delivery');
    if (!ability.can('retry', asSubject('IncidentDelivery', { status: row.status }))) {
      throw CouncilError.conflict(`Only a FAILED delivery can be retried; this one is ${row.status}`);
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      const changed = await manager.query<Array<{ id: string }>>(
        `UPDATE incident_deliveries SET status = 'PENDING', job_generation = job_generation + 1, dispatched_at = NULL
         WHERE id = $1 AND status = 'FAILED' RETURNING id`,
        [id],
      );
      if (rowsOf(changed).length === 0) return false;
      await this.audit.append(manager, {
        actorId: reader.id,
        action: 'incident.delivery.retried',
        subjectType: 'IncidentDelivery',
        subjectId: id,
        before: { status: row.status, attempts: row.attempts, lastError: row.last_error },
        after: { status: 'PENDING' },
      });
      return true;
    });
    if (!updated) throw CouncilError.conflict('The delivery changed meanwhile; it is no longer FAILED');
    return this.toView((await this.load(id)) as Row, true);
  }

  private async load(id: string): Promise<Row | undefined> {
    const [row] = await this.dataSource.query<Row[]>(`${SELECT} WHERE d.id = $1`, [id]);
    return row;
  }

  private visible(reader: Reader, rows: Row[]): IncidentDeliveryView[] {
    const now = this.clock.now();
    const reports = defineIncidentReportAbility(reader, now);
    const secretariat = defineIncidentRoutingAbility(reader, now).can('review', 'IncidentDelivery');
    return rows
      .filter((row) =>
        reports.can(
          'read',
          asSubject(INCIDENT_REPORT, { authorId: row.author_id, incidentOpenedById: row.opened_by_id, organisationId: row.organisation_id }),
        ),
      )
      .map((row) => this.toView(row, secretariat));
  }

  private toView(row: Row, secretariat: boolean): IncidentDeliveryView {
    return {
      id: row.id,
      reportId: row.report_id,
      incidentId: row.incident_id,
      stage: row.stage,
      authorityId: row.authority_id,
      authorityNameJa: row.name_ja,
      authorityNameEn: row.name_en,
      authorityKind: row.kind,
      channelKind: secretariat ? row.channel_kind : null,
      reason: row.reason,
      status: row.status,
      attempts: row.attempts,
      lastError: secretariat ? row.last_error : reporterError(row.last_error),
      createdAt: new Date(row.created_at),
      deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    };
  }
}

/** manager.query of an UPDATE … RETURNING answers [rows, count] with the pg driver. */
function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result) && Array.isArray(result[0])) return result[0];
  return Array.isArray(result) ? result : [];
}
