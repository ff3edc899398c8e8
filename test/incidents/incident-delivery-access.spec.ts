import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { IncidentDeliveryViewService } from '../../libs/incidents/src/deliveries/incident-delivery-view.service';
import type { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { Clock } from '../../libs/platform/src/clock/clock';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { Role, type Sector } from '../../libs/platform/src/vocabulary';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { createTestDatabase } from '../support/test-database';

/**
 * The delivery service asked directly, as a resolver would, by the report id the deliveries
 * belong to: the statement's own WHERE clause (the report policy) decides, not the caller.
 */
describe('incident deliveries of another organisation', () => {
  let dataSource: DataSource;
  let views: IncidentDeliveryViewService;
  let bankCiso: PersonEntity;
  let railCiso: PersonEntity;
  let bankReportId: string;
  let railReportId: string;
  let failedDeliveryId: string;

  async function reportWithDeliveries(author: PersonEntity, authorityIds: string[]): Promise<{ reportId: string; deliveryIds: string[] }> {
    const [{ id: incidentId }] = await dataSource.query(
      `INSERT INTO incident_cases (organisation_id, opened_by_id, status, latest_stage, latest_sequence, opened_at, last_report_at)
       VALUES ($1, $2, 'OPEN', 'FIRST', 1, now(), now()) RETURNING id`,
      [author.organisationId, author.id],
    );
    const [{ id: reportId }] = await dataSource.query(
      `INSERT INTO incident_reports (incident_id, stage, sequence, organisation_id, author_id, detected_at, what_was_seen, affected_service, contact, submitted_at)
       VALUES ($1, 'FIRST', 1, $2, $3, now(), 'Ransom note', 'Online banking', 'SOC desk', now()) RETURNING id`,
      [incidentId, author.organisationId, author.id],
    );
    const deliveryIds: string[] = [];
    for (const authorityId of authorityIds) {
      const [{ id }] = await dataSource.query(
        `INSERT INTO incident_deliveries (report_id, incident_id, authority_id, stage, reason, status, attempts, last_error, created_at)
         VALUES ($1, $2, $3, 'FIRST', 'RULE', 'FAILED', 3, 'connect ECONNREFUSED 10.20.30.40:443', now()) RETURNING id`,
        [reportId, incidentId, authorityId],
      );
      deliveryIds.push(id);
    }
    return { reportId, deliveryIds };
  }

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions(await createTestDatabase()), extra: { max: 4 } });
    await dataSource.initialize();
    const clock = new Clock();
    views = new IncidentDeliveryViewService(dataSource, new AuditLogService(dataSource, clock), clock);
    const bank = await insertOrganisation(dataSource, { name: 'Sakura Trust Bank', sectors: ['FINANCE'] as Sector[] });
    const rail = await insertOrganisation(dataSource, { name: 'Kanto Rail', sectors: ['RAILWAY'] as Sector[] });
    const reporter = await insertPerson(dataSource, { organisationId: bank.id, roles: [Role.ANALYST] });
    bankCiso = await insertPerson(dataSource, { organisationId: bank.id, roles: [Role.CISO] });
    // Reads every report of their own organisation: the widest reporter-side rule there is.
    railCiso = await insertPerson(dataSource, { organisationId: rail.id, roles: [Role.CISO, Role.ORG_ADMIN] });
    const authorityIds: string[] = [];
    for (const name of ['FSA', 'NPA']) {
      const [{ id }] = await dataSource.query(
        `INSERT INTO reporting_authorities (name_ja, name_en, kind, channel_kind, target) VALUES ($1, $1, 'OTHER', 'EMAIL', 'intake@agency.test') RETURNING id`,
        [name],
      );
      authorityIds.push(id);
    }
    const bankReport = await reportWithDeliveries(reporter, authorityIds);
    bankReportId = bankReport.reportId;
    failedDeliveryId = bankReport.deliveryIds[0];
    railReportId = (await reportWithDeliveries(railCiso, authorityIds.slice(0, 1))).reportId;
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it("gets none of a report it may not read when asking by that report's id, also in the same statement as readers who may", async () => {
    // One turn: the bank's CISO, the rail CISO on the bank's report and on its own share the batch.
    const [bankSide, railOnBank, railOnOwn] = await Promise.all([
      views.forReport(bankCiso, bankReportId),
      views.forReport(railCiso, bankReportId),
      views.forReport(railCiso, railReportId),
    ]);
    expect(bankSide).toHaveLength(2);
    expect(bankSide.every((d) => d.reportId === bankReportId && d.channelKind === null)).toBe(true);
    expect(bankSide[0].lastError).toBe("the authority's receiver could not be reached");
    expect(railOnBank).toEqual([]);
    expect(railOnOwn.map((d) => d.reportId)).toEqual([railReportId]);
    // Asked alone, too (a batch of one).
    expect(await views.forReport(railCiso, bankReportId)).toEqual([]);
  });

  it('may not retry or list failed deliveries at all', async () => {
    await expect(views.retry(railCiso, failedDeliveryId)).rejects.toThrow(/secretariat/);
    await expect(views.failed(railCiso, 50)).rejects.toThrow(/secretariat/);
    const [{ status }] = await dataSource.query('SELECT status FROM incident_deliveries WHERE id = $1', [failedDeliveryId]);
    expect(status).toBe('FAILED');
  });
});
