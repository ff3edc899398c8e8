import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { Clock } from '@app/platform/clock/clock';
import type { IncidentReportStage, IncidentType } from '@app/platform/vocabulary';
import { defineIncidentReportAbility, type IncidentReportAction } from '@app/policy/incidents/incident-report-ability';
import { incidentReportActionToSql } from '@app/policy/incidents/incident-report-access-sql';
import type { Reader } from '@app/policy/reader';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { IncidentCaseEntity } from '../cases/incident-case.entity';
import { IncidentErrors } from '../incident-errors';
import { rowMapper, uuidOrNil } from '../rows';
import { assertNotBeforeEarliest } from './incident-report-content';
import { IncidentReportEntity } from './incident-report.entity';
import { decodeReportCursor, encodeReportCursor, SUBMITTED_AT_TEXT } from './report-cursor';

export interface IncidentReportFilter {
  incidentId?: string | null;
  stages?: IncidentReportStage[] | null;
  incidentTypes?: IncidentType[] | null;
  organisationId?: string | null;
  campaignId?: string | null;
  submittedAfter?: Date | null;
  /** Only each incident's latest report. */
  latestOnly?: boolean | null;
}

export interface IncidentReportPage {
  edges: Array<{ cursor: string; report: IncidentReportEntity }>;
  hasNextPage: boolean;
  endCursor: string | null;
}

/** Every report query reads the report with its incident (the policy speaks of both). */
const FROM = 'incident_reports r JOIN incident_cases c ON c.id = r.incident_id';

/**
 * Every read of incident reports on behalf of a person: one SQL statement each, whose WHERE
 * clause is the incident-report policy (libs/policy/src/incidents). Nothing is filtered after the
 * fetch, and a report the reader may not see is answered exactly like one that does not exist.
 */
@Injectable()
export class IncidentReportQueryService {
  private readonly toReport: (row: Record<string, unknown>) => IncidentReportEntity;
  private readonly toIncident: (row: Record<string, unknown>) => IncidentCaseEntity;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly clock: Clock,
  ) {
    this.toReport = rowMapper(dataSource, IncidentReportEntity);
    this.toIncident = rowMapper(dataSource, IncidentCaseEntity);
  }

  /** The reader's rules for `action` over `r`/`c`, parameters collected in `params`. */
  allowedSql(reader: Reader, action: IncidentReportAction, params: SqlParameters): string {
    return incidentReportActionToSql(defineIncidentReportAbility(reader, this.clock.now()), action, params);
  }

  async findVisible(reader: Reader, id: string, manager: EntityManager = this.dataSource.manager): Promise<IncidentReportEntity | null> {
    const params = new SqlParameters();
    const idParam = params.add(uuidOrNil(id), 'uuid');
    const allowed = this.allowedSql(reader, 'read', params);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT r.* FROM ${FROM} WHERE r.id = ${idParam} AND ${allowed}`,
      params.values,
    );
    return rows.length ? this.toReport(rows[0]) : null;
  }

  /** The reports among `ids` that the reader may read (for triage: the secretariat reads all). */
  async findVisibleMany(
    reader: Reader,
    ids: readonly string[],
    manager: EntityManager = this.dataSource.manager,
  ): Promise<IncidentReportEntity[]> {
    const params = new SqlParameters();
    const idsParam = params.add(ids.map(uuidOrNil), 'uuid[]');
    const allowed = this.allowedSql(reader, 'read', params);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT r.* FROM ${FROM} WHERE r.id = ANY(${idsParam}) AND ${allowed} ORDER BY r.submitted_at, r.id`,
      params.values,
    );
    return rows.map(this.toReport);
  }

  /** Whether the reader may do `action` on this report; false for a report they cannot see. */
  async may(
    reader: Reader,
    action: IncidentReportAction,
    reportId: string,
    manager: EntityManager = this.dataSource.manager,
  ): Promise<{ visible: boolean; allowed: boolean }> {
    const params = new SqlParameters();
    const idParam = params.add(uuidOrNil(reportId), 'uuid');
    const visible = this.allowedSql(reader, 'read', params);
    const allowed = this.allowedSql(reader, action, params);
    const rows: Array<{ allowed: boolean }> = await manager.query(
      `SELECT ${allowed} AS allowed FROM ${FROM} WHERE r.id = ${idParam} AND ${visible}`,
      params.values,
    );
    return { visible: rows.length > 0, allowed: rows[0]?.allowed === true };
  }

  /** One page of the reports the reader may see, newest first, after `after`. */
  async page(reader: Reader, filter: IncidentReportFilter, first: number, after?: string | null): Promise<IncidentReportPage> {
    this.assertFilterAllowed(reader, filter);
    const params = new SqlParameters();
    const conditions = [this.allowedSql(reader, 'read', params), ...this.filterSql(filter, params)];
    if (after) {
      const position = decodeReportCursor(after);
      conditions.push(`(r.submitted_at, r.id) < (${params.add(position.submittedAt, 'timestamptz')}, ${params.add(position.id, 'uuid')})`);
    }
    const limit = params.add(first + 1, 'integer');
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.*, ${SUBMITTED_AT_TEXT} AS submitted_at_text FROM ${FROM} WHERE ${conditions.join(' AND ')} ` +
        `ORDER BY r.submitted_at DESC, r.id DESC LIMIT ${limit}`,
      params.values,
    );
    const edges = rows.slice(0, first).map((row) => ({
      report: this.toReport(row),
      cursor: encodeReportCursor({ submittedAt: String(row.submitted_at_text), id: String(row.id) }),
    }));
    return { edges, hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null };
  }

  /** How many reports the reader may see under the filter (the same WHERE clause as the page). */
  async count(reader: Reader, filter: IncidentReportFilter): Promise<number> {
    this.assertFilterAllowed(reader, filter);
    const params = new SqlParameters();
    const conditions = [this.allowedSql(reader, 'read', params), ...this.filterSql(filter, params)];
    const [row] = await this.dataSource.query<Array<{ count: string }>>(
      `SELECT count(*) AS count FROM ${FROM} WHERE ${conditions.join(' AND ')}`,
      params.values,
    );
    return Number(row.count);
  }

  /** The reports of one incident that the reader may see, in order (FIRST first). */
  async reportsOfIncident(reader: Reader, incidentId: string): Promise<IncidentReportEntity[]> {
    const params = new SqlParameters();
    const idParam = params.add(uuidOrNil(incidentId), 'uuid');
    const allowed = this.allowedSql(reader, 'read', params);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT r.* FROM ${FROM} WHERE r.incident_id = ${idParam} AND ${allowed} ORDER BY r.sequence`,
      params.values,
    );
    return rows.map(this.toReport);
  }

  /** The incident, if the reader may read at least one of its reports. */
  async findVisibleIncident(reader: Reader, incidentId: string): Promise<IncidentCaseEntity | null> {
    const params = new SqlParameters();
    const idParam = params.add(uuidOrNil(incidentId), 'uuid');
    const allowed = this.allowedSql(reader, 'read', params);
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT c.* FROM incident_cases c WHERE c.id = ${idParam} AND EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = c.id AND ${allowed})`,
      params.values,
    );
    return rows.length ? this.toIncident(rows[0]) : null;
  }

  /**
   * Locks the incident for a new report inside `manager`'s transaction, if the reader may read it;
   * `mayFollowUp` says whether the policy lets them add to it. Null when it does not exist for them.
   */
  async lockIncident(
    manager: EntityManager,
    reader: Reader,
    incidentId: string,
  ): Promise<{ incident: IncidentCaseEntity; mayFollowUp: boolean } | null> {
    const params = new SqlParameters();
    const idParam = params.add(uuidOrNil(incidentId), 'uuid');
    const visible = this.allowedSql(reader, 'read', params);
    const followUp = this.allowedSql(reader, 'followUp', params);
    const rows: Array<Record<string, unknown>> = await manager.query(
      `SELECT c.*, EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = c.id AND ${followUp}) AS may_follow_up ` +
        `FROM incident_cases c WHERE c.id = ${idParam} ` +
        `AND EXISTS (SELECT 1 FROM incident_reports r WHERE r.incident_id = c.id AND ${visible}) FOR UPDATE OF c`,
      params.values,
    );
    if (rows.length === 0) return null;
    return { incident: this.toIncident(rows[0]), mayFollowUp: rows[0].may_follow_up === true };
  }

  /**
   * A submittedAfter PostgreSQL can hold; and campaigns are the secretariat's triage: filtering by
   * one would tell a member which of their reports it links.
   */
  private assertFilterAllowed(reader: Reader, filter: IncidentReportFilter): void {
    assertNotBeforeEarliest('submittedAfter', filter.submittedAfter);
    if (filter.campaignId && !defineIncidentReportAbility(reader, this.clock.now()).can('triage', 'IncidentReport')) {
      throw IncidentErrors.secretariatOnly();
    }
  }

  private filterSql(filter: IncidentReportFilter, params: SqlParameters): string[] {
    const conditions: string[] = [];
    if (filter.incidentId) conditions.push(`r.incident_id = ${params.add(uuidOrNil(filter.incidentId), 'uuid')}`);
    if (filter.stages?.length) conditions.push(`r.stage = ANY(${params.add(filter.stages, 'text[]')})`);
    if (filter.incidentTypes?.length) conditions.push(`r.incident_type = ANY(${params.add(filter.incidentTypes, 'text[]')})`);
    if (filter.organisationId) conditions.push(`r.organisation_id = ${params.add(uuidOrNil(filter.organisationId), 'uuid')}`);
    if (filter.submittedAfter) conditions.push(`r.submitted_at > ${params.add(filter.submittedAfter, 'timestamptz')}`);
    if (filter.latestOnly) conditions.push('r.sequence = c.latest_sequence');
    if (filter.campaignId) {
      conditions.push(
        `EXISTS (SELECT 1 FROM incident_campaign_reports cr WHERE cr.report_id = r.id AND cr.campaign_id = ${params.add(uuidOrNil(filter.campaignId), 'uuid')})`,
      );
    }
    return conditions;
  }
}
