import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { IncidentType, Sector } from '@app/platform/vocabulary';
import type { Reader } from '@app/policy/reader';
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
    const from = 'FROM incident_cases c JOIN incident_reports r ON r.incident_id = c.id AND r.sequence = c.latest_sequence';
    const since = 'c.opened_at >= $1';
    const allowed = purposePermittedSql('r', '$2');
    const params = [openedSince, STATISTICS_PURPOSE];
    const [[totals], byType, bySector] = await Promise.all([
      this.dataSource.query<Array<{ counted: string; withheld: string }>>(
        `SELECT count(*) FILTER (WHERE ${allowed}) AS counted, count(*) FILTER (WHERE NOT ${allowed}) AS withheld ${from} WHERE ${since}`,
        params,
      ),
      this.dataSource.query<Array<{ incident_type: IncidentType | null; count: string }>>(
        `SELECT r.incident_type, count(*) AS count ${from} WHERE ${since} AND ${allowed} ` +
          'GROUP BY r.incident_type ORDER BY count(*) DESC, r.incident_type NULLS LAST',
        params,
      ),
      this.dataSource.query<Array<{ sector: Sector; count: string }>>(
        `SELECT s.sector, count(*) AS count ${from} CROSS JOIN LATERAL unnest(r.sectors_affected) AS s(sector) ` +
          `WHERE ${since} AND ${allowed} GROUP BY s.sector ORDER BY count(*) DESC, s.sector`,
        params,
      ),
    ]);
    return {
      counted: Number(totals.counted),
      withheld: Number(totals.withheld),
      byType: byType.map((row) => ({ incidentType: row.incident_type, count: Number(row.count) })),
      bySector: bySector.map((row) => ({ sector: row.sector, count: Number(row.count) })),
    };
  }
}
