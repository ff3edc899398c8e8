import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import type { DataSource } from 'typeorm';
import { db, typedSql } from '@app/platform/database/typed-sql';
import type { IncidentType, Sector } from '@app/platform/vocabulary';
import type { Reader } from '@app/policy/reader';
import { sqlCondition } from '@app/policy/sql/sql-condition';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { IncidentCampaignService } from '../campaigns/incident-campaign.service';
import { assertNotBeforeEarliest } from '../reports/incident-report-content';
import { purposePermittedSql, STATISTICS_PURPOSE } from '@app/policy/incidents/incident-purposes';

export interface IncidentStatistics {
  /** Incidents counted: those whose latest report allows STATISTICS. */
  counted: number;
  /** Incidents left out because their reporters did not allow STATISTICS. */
  withheld: number;
  byType: Array<{ incidentType: IncidentType | null; count: number }>;
  bySector: Array<{ sector: Sector; count: number }>;
}

/**
 * The secretariat's statistics of incidents opened since a date. An incident counts only when its
 * latest report allows the STATISTICS purpose (the reporter may change their mind in a follow-up);
 * it is counted once, with its latest report's type and sectors.
 */
@Injectable()
export class IncidentStatisticsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly campaigns: IncidentCampaignService,
  ) {}

  async since(reader: Reader, openedSince: Date): Promise<IncidentStatistics> {
    this.campaigns.assertTriage(reader);
    assertNotBeforeEarliest('openedSince', openedSince);
    const params = new SqlParameters();
    const allowed = sqlCondition(purposePermittedSql('r', params.add(STATISTICS_PURPOSE)), params);
    const latestReports = db
      .selectFrom('incident_cases as c')
      .innerJoin('incident_reports as r', (join) => join.onRef('r.incident_id', '=', 'c.id').onRef('r.sequence', '=', 'c.latest_sequence'))
      .where('c.opened_at', '>=', openedSince);
    const rows = typedSql(this.dataSource);
    const [totals, byType, bySector] = await Promise.all([
      rows.first(
        latestReports.select((eb) => [
          eb.fn.countAll<string>().filterWhere(allowed).as('counted'),
          eb.fn.countAll<string>().filterWhere(eb.not(allowed)).as('withheld'),
        ]),
      ),
      rows.rows(
        latestReports
          .where(allowed)
          .select((eb) => [
            eb.ref('r.incident_type').$castTo<IncidentType | null>().as('incident_type'),
            eb.fn.countAll<string>().as('count'),
          ])
          .groupBy('r.incident_type')
          .orderBy(sql`count(*)`, 'desc')
          .orderBy('r.incident_type', (order) => order.nullsLast()),
      ),
      rows.rows(
        latestReports
          .crossJoinLateral(sql<{ sector: Sector }>`unnest(${sql.ref('r.sectors_affected')})`.as<'s'>(sql`s(sector)`))
          .where(allowed)
          .select((eb) => ['s.sector', eb.fn.countAll<string>().as('count')])
          .groupBy('s.sector')
          .orderBy(sql`count(*)`, 'desc')
          .orderBy('s.sector'),
      ),
    ]);
    return {
      counted: Number(totals?.counted),
      withheld: Number(totals?.withheld),
      byType: byType.map((row) => ({ incidentType: row.incident_type, count: Number(row.count) })),
      bySector: bySector.map((row) => ({ sector: row.sector, count: Number(row.count) })),
    };
  }
}
