import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import type { IncidentDeliveryStatus, IncidentReportStage, ReportingAuthorityKind, ReportingChannelKind } from '@app/platform/vocabulary';
import { defineIncidentReportAbility } from '@app/policy/incidents/incident-report-ability';
import { incidentDeliveryReadSql } from '@app/policy/incidents/incident-report-access-sql';
import { defineIncidentRoutingAbility, type IncidentRoutingAbility } from '@app/policy/incidents/incident-routing-ability';
import { projectIncidentDelivery } from '@app/policy/incidents/incident-routing-projection';
import { asSubject } from '@app/policy/membership/membership-ability';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { uuidOrNil } from '../rows';

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
}

/** The report and its incident are joined as the policy's `r` and `c` (incidentDeliveryReadSql). */
const DELIVERIES = db
  .selectFrom('incident_deliveries as d')
  .innerJoin('reporting_authorities as a', 'a.id', 'd.authority_id')
  .innerJoin('incident_reports as r', 'r.id', 'd.report_id')
  .innerJoin('incident_cases as c', 'c.id', 'r.incident_id')
  .select([
    'd.id',
    'd.report_id',
    'd.incident_id',
    'd.stage',
    'd.authority_id',
    'a.name_ja',
    'a.name_en',
    'a.kind',
    'a.channel_kind',
    'd.reason',
    'd.status',
    'd.attempts',
    'd.last_error',
    'd.created_at',
    'd.delivered_at',
  ])
  .$narrowType<Pick<Row, 'stage' | 'kind' | 'channel_kind' | 'status'>>();

/**
 * Deliveries over GraphQL: a report's deliveries for whoever may read the report, the
 * secretariat's list of FAILED deliveries, and the secretariat's retry of one. Every read is one
 * statement whose WHERE clause is the report's read policy (incidentDeliveryReadSql); the fields a
 * reader sees of each row are the routing policy's (projectIncidentDelivery).
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
   * the same turn): those asks share one statement per reader, whose policy is in its WHERE clause.
   */
  async forReport(reader: Reader, reportId: string): Promise<IncidentDeliveryView[]> {
    const rows = await this.rowsByReport.call({ reader, reportId: uuidOrNil(reportId).toLowerCase() });
    return this.views(reader, rows);
  }

  private readonly rowsByReport = new StatementBatcher<{ reader: Reader; reportId: string }, Row[]>(async (asks) => {
    const byReader = new Map<Reader, Set<string>>();
    for (const { reader, reportId } of asks) byReader.set(reader, (byReader.get(reader) ?? new Set()).add(reportId));
    const byReport = new Map<Reader, Map<string, Row[]>>();
    await Promise.all(
      [...byReader].map(async ([reader, reportIds]) => {
        const params = new SqlParameters();
        const allowed = this.readSql(reader, params);
        const rows: Row[] = await typedSql(this.dataSource).rows(
          DELIVERIES.where('d.report_id', '=', sql<string>`ANY(${[...reportIds]}::uuid[])`)
            .where(sqlCondition(allowed, params))
            .orderBy('a.kind')
            .orderBy('a.name_en')
            .orderBy('d.id'),
        );
        const grouped = new Map<string, Row[]>();
        for (const row of rows) grouped.set(row.report_id, [...(grouped.get(row.report_id) ?? []), row]);
        byReport.set(reader, grouped);
      }),
    );
    return asks.map(({ reader, reportId }) => byReport.get(reader)?.get(reportId) ?? []);
  });

  /** The secretariat: FAILED deliveries, newest first. */
  async failed(reader: Reader, first: number): Promise<IncidentDeliveryView[]> {
    if (!defineIncidentRoutingAbility(reader, this.clock.now()).can('review', 'IncidentDelivery')) {
      throw CouncilError.forbidden('Only the secretariat (with a valid confidentiality pledge) lists failed incident deliveries');
    }
    const params = new SqlParameters();
    const allowed = this.readSql(reader, params);
    const rows = await typedSql(this.dataSource).rows(
      DELIVERIES.where('d.status', '=', 'FAILED')
        .where(sqlCondition(allowed, params))
        .orderBy('d.created_at', 'desc')
        .orderBy('d.id', 'desc')
        .limit(first),
    );
    return this.views(reader, rows);
  }

  /**
   * The secretariat sends a FAILED delivery again: same deliveryId, a new job generation and a
   * fresh retry schedule. The row goes back to PENDING and undispatched in one audited
   * transaction; the worker's relay adds the job (the API never touches Redis for this).
   */
  async retry(reader: Reader, id: string): Promise<IncidentDeliveryView> {
    const ability = defineIncidentRoutingAbility(reader, this.clock.now());
    if (!ability.can('retry', 'IncidentDelivery')) throw CouncilError.forbidden('Only the secretariat may retry an incident delivery');
    const row = await this.load(reader, id);
    if (!row) throw CouncilError.notFound('Incident delivery');
    if (!ability.can('retry', asSubject('IncidentDelivery', { status: row.status }))) {
      throw CouncilError.conflict(`Only a FAILED delivery can be retried; this one is ${row.status}`);
    }
    const updated = await this.dataSource.transaction(async (manager) => {
      const changed = await typedSql(manager).rows(
        db
          .updateTable('incident_deliveries')
          .set((eb) => ({ status: 'PENDING', job_generation: eb('job_generation', '+', 1), dispatched_at: null }))
          .where('id', '=', id)
          .where('status', '=', 'FAILED')
          .returning('id'),
      );
      if (changed.length === 0) return false;
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
    return this.toView(ability, (await this.load(reader, id)) as Row);
  }

  private async load(reader: Reader, id: string): Promise<Row | undefined> {
    const params = new SqlParameters();
    const allowed = this.readSql(reader, params);
    const row: Row | undefined = await typedSql(this.dataSource).first(
      DELIVERIES.where('d.id', '=', sql<string>`${uuidOrNil(id)}::uuid`).where(sqlCondition(allowed, params)),
    );
    return row;
  }

  /** The reader's report policy over the statement's `r` and `c`, its parameters added to `params`. */
  private readSql(reader: Reader, params: SqlParameters): string {
    return incidentDeliveryReadSql(defineIncidentReportAbility(reader, this.clock.now()), params);
  }

  private views(reader: Reader, rows: Row[]): IncidentDeliveryView[] {
    const ability = defineIncidentRoutingAbility(reader, this.clock.now());
    return rows.map((row) => this.toView(ability, row));
  }

  private toView(ability: IncidentRoutingAbility, row: Row): IncidentDeliveryView {
    const guarded = projectIncidentDelivery(ability, { channelKind: row.channel_kind, lastError: row.last_error });
    return {
      id: row.id,
      reportId: row.report_id,
      incidentId: row.incident_id,
      stage: row.stage,
      authorityId: row.authority_id,
      authorityNameJa: row.name_ja,
      authorityNameEn: row.name_en,
      authorityKind: row.kind,
      channelKind: guarded.channelKind,
      reason: row.reason,
      status: row.status,
      attempts: row.attempts,
      lastError: guarded.lastError,
      createdAt: new Date(row.created_at),
      deliveredAt: row.delivered_at ? new Date(row.delivered_at) : null,
    };
  }
}
