import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { defineIncidentReportAbility } from '@app/policy/incidents/incident-report-ability';
import type { Reader } from '@app/policy/reader';
import { IncidentErrors } from '../incident-errors';
import { IncidentReportQueryService } from '../reports/incident-report-query.service';
import { INCIDENT_REPORT_SUBJECT } from '../reports/incident-report-submission.service';
import { uuidOrNil } from '../rows';
import { IncidentCampaignReportEntity } from './incident-campaign-report.entity';
import { IncidentCampaignEntity } from './incident-campaign.entity';

export const INCIDENT_CAMPAIGN_SUBJECT = 'IncidentCampaign';
export const CAMPAIGN_LIMITS = { name: 200, description: 4000, reportsPerLink: 200 } as const;

export interface CampaignFields {
  name: string;
  description?: string | null;
}

/**
 * The secretariat's triage: campaigns that link reports (of one or many members) that belong
 * together. Every operation is the secretariat's alone (`triage`); members never see campaigns.
 */
@Injectable()
export class IncidentCampaignService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: IncidentReportQueryService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  assertTriage(reader: Reader): void {
    if (!defineIncidentReportAbility(reader, this.clock.now()).can('triage', 'IncidentReport')) throw IncidentErrors.secretariatOnly();
  }

  async list(reader: Reader): Promise<IncidentCampaignEntity[]> {
    this.assertTriage(reader);
    return this.dataSource.getRepository(IncidentCampaignEntity).find({ order: { updatedAt: 'DESC', id: 'DESC' } });
  }

  async get(reader: Reader, id: string): Promise<IncidentCampaignEntity | null> {
    this.assertTriage(reader);
    return this.dataSource.getRepository(IncidentCampaignEntity).findOne({ where: { id: uuidOrNil(id) } });
  }

  /** The ids of the reports linked into a campaign, oldest link first. */
  async reportIds(reader: Reader, campaignId: string): Promise<string[]> {
    this.assertTriage(reader);
    const links = await this.dataSource
      .getRepository(IncidentCampaignReportEntity)
      .find({ where: { campaignId: uuidOrNil(campaignId) }, order: { linkedAt: 'ASC', reportId: 'ASC' } });
    return links.map((l) => l.reportId);
  }

  async create(reader: Reader, fields: CampaignFields): Promise<IncidentCampaignEntity> {
    this.assertTriage(reader);
    const now = this.clock.now();
    const clean = campaignFields(fields);
    return this.dataSource.transaction(async (manager) => {
      const campaign = await manager.save(manager.create(IncidentCampaignEntity, { ...clean, createdById: reader.id, updatedAt: now }));
      await this.audit.append(manager, {
        actorId: reader.id,
        action: 'incident_campaign.created',
        subjectType: INCIDENT_CAMPAIGN_SUBJECT,
        subjectId: campaign.id,
        // The name may say what the campaign is about: content stays out of a log that overseers read.
      });
      return campaign;
    });
  }

  /** Links reports into the campaign; links already there are kept as they are. */
  async link(reader: Reader, campaignId: string, reportIds: string[]): Promise<IncidentCampaignEntity> {
    return this.changeLinks(reader, campaignId, reportIds, 'incident_campaign.reports_linked', async (manager, campaign, ids, now) => {
      await manager
        .createQueryBuilder()
        .insert()
        .into(IncidentCampaignReportEntity)
        .values(ids.map((reportId) => ({ campaignId: campaign.id, reportId, linkedById: reader.id, linkedAt: now })))
        .orIgnore()
        .execute();
    });
  }

  async unlink(reader: Reader, campaignId: string, reportIds: string[]): Promise<IncidentCampaignEntity> {
    return this.changeLinks(reader, campaignId, reportIds, 'incident_campaign.reports_unlinked', async (manager, campaign, ids) => {
      await manager.delete(IncidentCampaignReportEntity, { campaignId: campaign.id, reportId: In(ids) });
    });
  }

  private async changeLinks(
    reader: Reader,
    campaignId: string,
    reportIds: string[],
    action: string,
    change: (manager: EntityManager, campaign: IncidentCampaignEntity, ids: string[], now: Date) => Promise<void>,
  ): Promise<IncidentCampaignEntity> {
    this.assertTriage(reader);
    const ids = [...new Set(reportIds.map((id) => id.toLowerCase()))];
    if (ids.length === 0) throw IncidentErrors.invalid('reportIds', 'give at least one report id');
    if (ids.length > CAMPAIGN_LIMITS.reportsPerLink) {
      throw IncidentErrors.invalid('reportIds', `at most ${CAMPAIGN_LIMITS.reportsPerLink} reports at a time`);
    }
    const now = this.clock.now();
    return this.dataSource.transaction(async (manager) => {
      const campaign = await manager.findOne(IncidentCampaignEntity, {
        where: { id: uuidOrNil(campaignId) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!campaign) throw IncidentErrors.campaignNotFound();
      const reports = await this.queries.findVisibleMany(reader, ids, manager);
      if (reports.length !== ids.length) throw IncidentErrors.reportNotFound();
      await change(manager, campaign, ids, now);
      await manager.update(IncidentCampaignEntity, { id: campaign.id }, { updatedAt: now });
      for (const reportId of ids) {
        await this.audit.append(manager, {
          actorId: reader.id,
          action,
          subjectType: INCIDENT_REPORT_SUBJECT,
          subjectId: reportId,
          after: { campaignId: campaign.id },
        });
      }
      return { ...campaign, updatedAt: now };
    });
  }
}

function campaignFields(fields: CampaignFields): { name: string; description: string | null } {
  const name = fields.name.trim();
  if (name.length === 0) throw IncidentErrors.invalid('name', 'name must not be empty');
  if ([...name].length > CAMPAIGN_LIMITS.name)
    throw IncidentErrors.invalid('name', `name must be at most ${CAMPAIGN_LIMITS.name} characters`);
  const description = fields.description?.trim() || null;
  if (description && [...description].length > CAMPAIGN_LIMITS.description) {
    throw IncidentErrors.invalid('description', `description must be at most ${CAMPAIGN_LIMITS.description} characters`);
  }
  return { name, description };
}
