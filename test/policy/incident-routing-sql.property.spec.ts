import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { IncidentDeliveryViewService } from '../../libs/incidents/src/deliveries/incident-delivery-view.service';
import { Clock } from '../../libs/platform/src/clock/clock';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { ReportingChannelKind, Role } from '../../libs/platform/src/vocabulary';
import { defineIncidentReportAbility, INCIDENT_REPORT } from '../../libs/policy/src/incidents/incident-report-ability';
import { defineIncidentRoutingAbility } from '../../libs/policy/src/incidents/incident-routing-ability';
import { projectReportingAuthority, reporterError } from '../../libs/policy/src/incidents/incident-routing-projection';
import { reportingAuthorityReadSql } from '../../libs/policy/src/incidents/reporting-authority-access-sql';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import type { Reader } from '../../libs/policy/src/reader';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { createTestDatabase } from '../support/test-database';
import { testOrganisation, testReader } from '../support/test-readers';

const RUNS = Number(process.env.COUNCIL_POLICY_RUNS ?? 250);
const NOW = new Date('2030-06-01T00:00:00Z');
const LATER = new Date('2031-06-01T00:00:00Z');
const EARLIER = new Date('2029-06-01T00:00:00Z');
const ERRORS = [null, 'receiver answered HTTP 503', 'no answer within 10000 ms', 'connect ECONNREFUSED 10.20.30.40:443'];

interface GeneratedReader {
  person: number;
  active: boolean;
  roles: Role[];
  pledgeExpiresAt: Date | null;
  organisation: { index: number; active: boolean; agreementExpiresAt: Date | null } | null;
}

interface GeneratedDelivery {
  author: number;
  openedBy: number;
  organisation: number | null;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  lastError: string | null;
}

const readerArbitrary: fc.Arbitrary<GeneratedReader> = fc.record({
  person: fc.nat({ max: 2 }),
  active: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  roles: fc.subarray([Role.SECRETARIAT, Role.ORG_ADMIN, Role.CISO, Role.ANALYST, Role.AUDITOR]),
  pledgeExpiresAt: fc.constantFrom(null, EARLIER, LATER, LATER),
  organisation: fc.option(
    fc.record({ index: fc.nat({ max: 1 }), active: fc.boolean(), agreementExpiresAt: fc.constantFrom(null, EARLIER, LATER) }),
    { nil: null },
  ),
});

const deliveryArbitrary: fc.Arbitrary<GeneratedDelivery> = fc.record({
  author: fc.nat({ max: 2 }),
  openedBy: fc.nat({ max: 2 }),
  organisation: fc.option(fc.nat({ max: 1 }), { nil: null }),
  status: fc.constantFrom('PENDING' as const, 'DELIVERED' as const, 'FAILED' as const),
  lastError: fc.constantFrom(...ERRORS),
});

/** Issue 6: who sees the secretariat's side of a delivery, written out apart from the CASL rules. */
const seesChannel = (reader: GeneratedReader) =>
  reader.active && !reader.roles.includes(Role.AUDITOR) && reader.roles.includes(Role.SECRETARIAT) && reader.pledgeExpiresAt === LATER;

describe('incident deliveries: the delivery statements select exactly what the report ability allows in memory', () => {
  let dataSource: DataSource;
  let views: IncidentDeliveryViewService;
  let personIds: string[];
  let organisationIds: string[];
  let authorityId: string;

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions(await createTestDatabase()), extra: { max: 4 } });
    await dataSource.initialize();
    const clock = new Clock();
    clock.now = () => NOW;
    views = new IncidentDeliveryViewService(dataSource, new AuditLogService(dataSource, clock), clock);
    organisationIds = [(await insertOrganisation(dataSource)).id, (await insertOrganisation(dataSource)).id];
    personIds = [];
    for (let i = 0; i < 3; i++) personIds.push((await insertPerson(dataSource)).id);
    [{ id: authorityId }] = await dataSource.query(
      `INSERT INTO reporting_authorities (name_ja, name_en, kind, channel_kind, target) VALUES ('庁', 'Agency', 'OTHER', 'EMAIL', 'intake@agency.test') RETURNING id`,
    );
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  function readerOf(generated: GeneratedReader): Reader {
    const org = generated.organisation;
    return testReader({
      id: personIds[generated.person],
      active: generated.active,
      roles: generated.roles,
      pledgeExpiresAt: generated.pledgeExpiresAt,
      organisation: org
        ? testOrganisation({ id: organisationIds[org.index], active: org.active, agreementExpiresAt: org.agreementExpiresAt })
        : null,
    });
  }

  /** One incident, its FIRST report and that report's delivery per generated row. */
  async function insert(deliveries: GeneratedDelivery[]): Promise<Array<GeneratedDelivery & { reportId: string; id: string }>> {
    await dataSource.query('DELETE FROM incident_deliveries; DELETE FROM incident_reports; DELETE FROM incident_cases');
    const stored = deliveries.map((d) => ({ ...d, incidentId: randomUUID(), reportId: randomUUID(), id: randomUUID() }));
    const rows = JSON.stringify(
      stored.map((d) => ({
        incident_id: d.incidentId,
        report_id: d.reportId,
        id: d.id,
        organisation_id: d.organisation === null ? null : organisationIds[d.organisation],
        author_id: personIds[d.author],
        opened_by_id: personIds[d.openedBy],
        status: d.status,
        last_error: d.lastError,
      })),
    );
    const from = `jsonb_to_recordset($1::jsonb) AS v(incident_id uuid, report_id uuid, id uuid, organisation_id uuid, author_id uuid, opened_by_id uuid, status text, last_error text)`;
    await dataSource.query(
      `INSERT INTO incident_cases (id, organisation_id, opened_by_id, status, latest_stage, latest_sequence, opened_at, last_report_at)
       SELECT incident_id, organisation_id, opened_by_id, 'OPEN', 'FIRST', 1, now(), now() FROM ${from}`,
      [rows],
    );
    await dataSource.query(
      `INSERT INTO incident_reports (id, incident_id, stage, sequence, organisation_id, author_id, detected_at, what_was_seen, affected_service, contact, submitted_at)
       SELECT report_id, incident_id, 'FIRST', 1, organisation_id, author_id, now(), 'seen', 'service', 'contact', now() FROM ${from}`,
      [rows],
    );
    await dataSource.query(
      `INSERT INTO incident_deliveries (id, report_id, incident_id, authority_id, stage, reason, status, attempts, last_error, created_at)
       SELECT id, report_id, incident_id, $2, 'FIRST', 'RULE', status, 1, last_error, now() FROM ${from}`,
      [rows, authorityId],
    );
    return stored;
  }

  it('for every reader, every report and the shared per-turn statement (NULL organisations included), with the fields the policy gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(readerArbitrary, { minLength: 1, maxLength: 3 }),
        fc.array(deliveryArbitrary, { minLength: 1, maxLength: 10 }),
        async (generatedReaders, generatedDeliveries) => {
          const deliveries = await insert(generatedDeliveries);
          const readers = generatedReaders.map(readerOf);
          // Every reader asks for every report in one turn: the batcher's one statement per reader.
          const answers = await Promise.all(readers.flatMap((reader) => deliveries.map((d) => views.forReport(reader, d.reportId))));
          readers.forEach((reader, r) => {
            const ability = defineIncidentReportAbility(reader, NOW);
            deliveries.forEach((delivery, i) => {
              const fields = {
                authorId: personIds[delivery.author],
                incidentOpenedById: personIds[delivery.openedBy],
                organisationId: delivery.organisation === null ? null : organisationIds[delivery.organisation],
              };
              const inMemory = ability.can('read', subject(INCIDENT_REPORT, fields));
              const secretariatSide = seesChannel(generatedReaders[r]);
              const expected = inMemory
                ? [
                    {
                      id: delivery.id,
                      channelKind: secretariatSide ? 'EMAIL' : null,
                      lastError: secretariatSide ? delivery.lastError : reporterError(delivery.lastError),
                    },
                  ]
                : [];
              const got = answers[r * deliveries.length + i].map((v) => ({ id: v.id, channelKind: v.channelKind, lastError: v.lastError }));
              expect({ reader: generatedReaders[r], delivery, got }).toEqual({ reader: generatedReaders[r], delivery, got: expected });
            });
          });
          for (const [r, reader] of readers.entries()) {
            const ability = defineIncidentReportAbility(reader, NOW);
            const failed = views.failed(reader, 1000).then((list) => list.map((v) => v.id).sort());
            if (!seesChannel(generatedReaders[r])) {
              await expect(failed).rejects.toThrow(/secretariat/);
              continue;
            }
            const expected = deliveries
              .filter((d) => d.status === 'FAILED')
              .filter((d) =>
                ability.can(
                  'read',
                  subject(INCIDENT_REPORT, {
                    authorId: personIds[d.author],
                    incidentOpenedById: personIds[d.openedBy],
                    organisationId: d.organisation === null ? null : organisationIds[d.organisation],
                  }),
                ),
              )
              .map((d) => d.id)
              .sort();
            expect(await failed).toEqual(expected);
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('reporting authorities: the read clause selects exactly what the routing ability allows in memory, with the fields the policy gives', async () => {
    await fc.assert(
      fc.asyncProperty(readerArbitrary, fc.array(fc.boolean(), { minLength: 1, maxLength: 6 }), async (generated, actives) => {
        const ids: string[] = (
          await dataSource.query(
            `INSERT INTO reporting_authorities (name_ja, name_en, kind, channel_kind, target, active)
             SELECT 'n', 'n', 'OTHER', 'EMAIL', 'intake@agency.test', x FROM unnest($1::boolean[]) AS x RETURNING id`,
            [actives],
          )
        ).map((row: { id: string }) => row.id);
        const ability = defineIncidentRoutingAbility(readerOf(generated), NOW);
        const params = new SqlParameters(1);
        const condition = reportingAuthorityReadSql(ability, params);
        const rows: Array<{ id: string }> = await dataSource.query(
          `SELECT a.id FROM reporting_authorities a WHERE a.id = ANY($1::uuid[]) AND ${condition}`,
          [ids, ...params.values],
        );
        const inSql = new Set(rows.map((row) => row.id));
        ids.forEach((id, i) => {
          const inMemory = ability.can('read', subject('ReportingAuthority', { active: actives[i] }));
          expect({ generated, active: actives[i], allowed: inSql.has(id) }).toEqual({ generated, active: actives[i], allowed: inMemory });
        });
        // Issue 6: the channel and rules are the (active) secretariat's, pledged or not.
        const secretariat = generated.active && !generated.roles.includes(Role.AUDITOR) && generated.roles.includes(Role.SECRETARIAT);
        const shown = projectReportingAuthority(ability, {
          channelKind: ReportingChannelKind.EMAIL,
          target: 't',
          routingRules: [],
          openPgpFingerprint: null,
        });
        expect(shown.target).toBe(secretariat ? 't' : null);
        expect(shown.routingRules).toEqual(secretariat ? [] : null);
        expect(shown.channelKind).toBe(secretariat ? 'EMAIL' : null);
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
