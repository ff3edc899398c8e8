import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AdvisoryQueryService } from '@app/advisories/queries/advisory-query.service';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { Reader } from '@app/policy/reader';
import { IncidentReportQueryService } from '../reports/incident-report-query.service';
import { IncidentReportAdvisoryEntity } from './incident-report-advisory.entity';

/**
 * The advisories a report led to, as the reader may see them, in the order they were derived: one
 * statement whose WHERE clause is the advisory policy (AdvisoryQueryService.listVisible), so a
 * reporter sees a derived advisory only once it is published to them, and a draft or an advisory
 * outside their audience stays invisible.
 */
@Injectable()
export class ReportAdvisoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly reports: IncidentReportQueryService,
    private readonly advisories: AdvisoryQueryService,
  ) {}

  async ledTo(reader: Reader, reportId: string): Promise<AdvisoryView[]> {
    const { visible } = await this.reports.may(reader, 'read', reportId);
    if (!visible) return [];
    const links = await this.dataSource
      .getRepository(IncidentReportAdvisoryEntity)
      .find({ where: { reportId }, order: { derivedAt: 'ASC', advisoryId: 'ASC' } });
    return this.advisories.listVisible(
      reader,
      links.map((link) => link.advisoryId),
    );
  }
}
