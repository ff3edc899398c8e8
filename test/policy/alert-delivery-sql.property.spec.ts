import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { AdvisoryQueryService } from '../../libs/advisories/src/queries/advisory-query.service';
import { AlertDeliveryViewService } from '../../libs/alerts/src/deliveries/alert-delivery-view.service';
import type { AlertJobs } from '../../libs/alerts/src/queues/alert-jobs';
import { AccessLogService } from '../../libs/audit/src/access-log.service';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import { Clock } from '../../libs/platform/src/clock/clock';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { AlertChannelKind, Role } from '../../libs/platform/src/vocabulary';
import { defineAlertAbility } from '../../libs/policy/src/alerts/alert-ability';
import { alertActionToSql, alertDeliveryReadSql, alertReadSql } from '../../libs/policy/src/alerts/alert-access-sql';
import { redactTarget } from '../../libs/policy/src/alerts/alert-delivery-projection';
import { PolicyService } from '../../libs/policy/src/policy.service';
import type { Reader } from '../../libs/policy/src/reader';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { createTestDatabase } from '../support/test-database';
import { testOrganisation, testReader } from '../support/test-readers';

const RUNS = Number(process.env.COUNCIL_POLICY_RUNS ?? 250);
const MAX_DELIVERIES = 10;
const CHANNELS = [
  { kind: AlertChannelKind.WEBHOOK, target: 'https://hooks.example.test/council/7d1e?token=receiver-secret' },
  { kind: AlertChannelKind.WEBHOOK, target: 'http://10.0.0.7:8080/hook' },
  { kind: AlertChannelKind.EMAIL, target: 'soc@bank.example.test' },
] as const;

interface GeneratedReader {
  person: number;
  active: boolean;
  roles: Role[];
  organisation: number | null;
}

interface GeneratedDelivery {
  person: number;
  status: 'PENDING' | 'DELIVERED' | 'FAILED' | 'CANCELLED';
  channel: number;
}

const readerArbitrary: fc.Arbitrary<GeneratedReader> = fc.record({
  person: fc.nat({ max: 2 }),
  active: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  roles: fc.subarray([Role.SECRETARIAT, Role.ORG_ADMIN, Role.CISO, Role.ANALYST, Role.AUDITOR]),
  organisation: fc.option(fc.nat({ max: 1 }), { nil: null }),
});

const deliveryArbitrary: fc.Arbitrary<GeneratedDelivery> = fc.record({
  person: fc.nat({ max: 2 }),
  status: fc.constantFrom('PENDING' as const, 'DELIVERED' as const, 'FAILED' as const, 'CANCELLED' as const),
  channel: fc.nat({ max: CHANNELS.length - 1 }),
});

/** The rules of ALERTS.md, written out apart from the CASL rules: who reads a delivery, who its whole target. */
const readsDelivery = (reader: GeneratedReader, owner: number) =>
  reader.active && (reader.person === owner || reader.roles.includes(Role.SECRETARIAT));
const readsTarget = (reader: GeneratedReader, owner: number) => reader.active && reader.person === owner;

describe('alert deliveries: the delivery statements select exactly what the alert ability allows in memory', () => {
  let dataSource: DataSource;
  let views: AlertDeliveryViewService;
  let personIds: string[];
  let organisationIds: string[];
  let advisoryId: string;
  let eventIds: string[];

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions(await createTestDatabase()), extra: { max: 4 } });
    await dataSource.initialize();
    const clock = new Clock();
    // Reads never touch the queues; only a retry would.
    views = new AlertDeliveryViewService(
      dataSource,
      null as unknown as AlertJobs,
      new AuditLogService(dataSource, clock),
      new AdvisoryQueryService(dataSource, new PolicyService(clock), new AccessLogService(dataSource), clock),
    );
    organisationIds = [(await insertOrganisation(dataSource)).id, (await insertOrganisation(dataSource)).id];
    personIds = [];
    for (let i = 0; i < 3; i++) personIds.push((await insertPerson(dataSource)).id);
    advisoryId = (await insertAdvisory(dataSource, { authorId: personIds[0] })).id;
    // One event per generated delivery: a person has at most one alert per event.
    eventIds = (
      await dataSource.query(
        `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at)
         SELECT 'advisory.published', $1, 1, now(), now() FROM generate_series(1, $2) RETURNING id`,
        [advisoryId, MAX_DELIVERIES],
      )
    ).map((row: { id: string }) => row.id);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  function readerOf(generated: GeneratedReader): Reader {
    return testReader({
      id: personIds[generated.person],
      active: generated.active,
      roles: generated.roles,
      organisation: generated.organisation === null ? null : testOrganisation({ id: organisationIds[generated.organisation] }),
    });
  }

  /** One alert, one channel of the alert's person and one delivery per generated row. */
  async function insert(deliveries: GeneratedDelivery[]): Promise<Array<GeneratedDelivery & { id: string; alertId: string }>> {
    await dataSource.query('DELETE FROM alert_deliveries; DELETE FROM alerts; DELETE FROM alert_channels');
    const stored = deliveries.map((d, i) => ({
      ...d,
      id: randomUUID(),
      alertId: randomUUID(),
      channelId: randomUUID(),
      eventId: eventIds[i],
    }));
    const rows = JSON.stringify(
      stored.map((d, i) => ({
        id: d.id,
        alert_id: d.alertId,
        channel_id: d.channelId,
        event_id: d.eventId,
        person_id: personIds[d.person],
        kind: CHANNELS[d.channel].kind,
        target: CHANNELS[d.channel].target,
        status: d.status,
        // Distinct creation instants: the lists' order is then the rows' order, newest last.
        created_at: new Date(Date.UTC(2030, 0, 1, 0, 0, i)).toISOString(),
      })),
    );
    const from = `jsonb_to_recordset($1::jsonb) AS v(id uuid, alert_id uuid, channel_id uuid, event_id bigint, person_id uuid, kind text, target text, status text, created_at timestamptz)`;
    await dataSource.query(
      `INSERT INTO alerts (id, outbox_event_id, person_id, advisory_id, event, severity, access)
       SELECT alert_id, event_id, person_id, $2, 'advisory.published', 'HIGH', 'FULL' FROM ${from}`,
      [rows, advisoryId],
    );
    await dataSource.query(
      `INSERT INTO alert_channels (id, person_id, kind, target, min_severity, signing_secret_sealed)
       SELECT channel_id, person_id, kind, target, 'LOW', CASE WHEN kind = 'WEBHOOK' THEN 'sealed' END FROM ${from}`,
      [rows],
    );
    await dataSource.query(
      `INSERT INTO alert_deliveries (id, alert_id, channel_id, status, attempts, created_at)
       SELECT id, alert_id, channel_id, status, 1, created_at FROM ${from}`,
      [rows],
    );
    return stored;
  }

  it('the clauses of deliveries, alerts and channels, for every reader (inactive ones included)', async () => {
    await fc.assert(
      fc.asyncProperty(
        readerArbitrary,
        fc.array(deliveryArbitrary, { minLength: 1, maxLength: MAX_DELIVERIES }),
        async (generated, generatedDeliveries) => {
          const deliveries = await insert(generatedDeliveries);
          const ability = defineAlertAbility(readerOf(generated));
          const params = new SqlParameters(1);
          const deliveryClause = alertDeliveryReadSql(ability, params);
          const alertClause = alertReadSql(ability, params);
          const acknowledgeClause = alertActionToSql(ability, 'acknowledge', 'Alert', params);
          const channelClause = alertActionToSql(ability, 'read', 'AlertChannel', params);
          const manageClause = alertActionToSql(ability, 'manage', 'AlertChannel', params);
          const rows: Array<{
            id: string;
            delivery_ok: boolean;
            alert_ok: boolean;
            acknowledge_ok: boolean;
            channel_ok: boolean;
            manage_ok: boolean;
          }> = await dataSource.query(
            `SELECT d.id, ${deliveryClause} AS delivery_ok, ${alertClause} AS alert_ok, ${acknowledgeClause} AS acknowledge_ok,
                    ${channelClause} AS channel_ok, ${manageClause} AS manage_ok
             FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id JOIN alert_channels c ON c.id = d.channel_id
             WHERE d.id = ANY($1::uuid[])`,
            [deliveries.map((d) => d.id), ...params.values],
          );
          const inSql = new Map(rows.map((row) => [row.id, row]));
          for (const d of deliveries) {
            const fields = { personId: personIds[d.person], status: d.status };
            const row = inSql.get(d.id);
            const own = { personId: fields.personId };
            expect({
              generated,
              d,
              delivery: row?.delivery_ok,
              alert: row?.alert_ok,
              acknowledge: row?.acknowledge_ok,
              channel: row?.channel_ok,
              manage: row?.manage_ok,
            }).toEqual({
              generated,
              d,
              delivery: ability.can('read', subject('AlertDelivery', fields)),
              alert: ability.can('read', subject('Alert', { ...own })),
              acknowledge: ability.can('acknowledge', subject('Alert', { ...own })),
              channel: ability.can('read', subject('AlertChannel', { ...own })),
              manage: ability.can('manage', subject('AlertChannel', { ...own })),
            });
            // And the rule as written, so that a wrong ability cannot pass by agreeing with itself.
            expect(ability.can('read', subject('AlertDelivery', fields))).toBe(readsDelivery(generated, d.person));
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('every list the service answers: exactly the rows the ability allows, with the target the policy gives', async () => {
    await fc.assert(
      fc.asyncProperty(
        readerArbitrary,
        fc.array(deliveryArbitrary, { minLength: 1, maxLength: MAX_DELIVERIES }),
        async (generated, generatedDeliveries) => {
          const deliveries = await insert(generatedDeliveries);
          const reader = readerOf(generated);
          const ability = defineAlertAbility(reader);
          const mayRead = (d: GeneratedDelivery) =>
            ability.can('read', subject('AlertDelivery', { personId: personIds[d.person], status: d.status }));
          const shown = (d: GeneratedDelivery) => {
            const { kind, target } = CHANNELS[d.channel];
            return readsTarget(generated, d.person) ? target : redactTarget(kind, target);
          };
          const expectedOf = (list: typeof deliveries) => list.map((d) => ({ id: d.id, personId: personIds[d.person], target: shown(d) }));
          const got = (list: Array<{ id: string; personId: string; target: string | null }>) =>
            list.map((v) => ({ id: v.id, personId: v.personId, target: v.target }));

          // An alert's deliveries: the alert's and the delivery's read rules (the secretariat asks only through its own alerts).
          for (const d of deliveries) {
            const allowed = ability.can('read', subject('Alert', { personId: personIds[d.person] })) && mayRead(d);
            expect({ generated, d, got: got(await views.forAlert(reader, d.alertId)) }).toEqual({
              generated,
              d,
              got: allowed ? expectedOf([d]) : [],
            });
          }
          // The reader's own failed deliveries, newest first.
          const mine = deliveries.filter((d) => d.status === 'FAILED' && personIds[d.person] === reader.id && mayRead(d)).reverse();
          expect({ generated, got: got(await views.myFailed(reader, 1000)) }).toEqual({ generated, got: expectedOf(mine) });
          // The secretariat's failed and cancelled deliveries of the advisory, newest first.
          const failed = views.failedForAdvisory(reader, advisoryId, 1000);
          if (!ability.can('review', 'AlertDelivery')) {
            await expect(failed).rejects.toThrow(/Only the secretariat/);
          } else if (reader.roles.includes(Role.AUDITOR)) {
            // No advisory exists for an overseer, whatever else they hold: it is not found, as a missing one.
            await expect(failed).rejects.toThrow(/Advisory not found/);
          } else {
            const all = deliveries.filter((d) => (d.status === 'FAILED' || d.status === 'CANCELLED') && mayRead(d)).reverse();
            expect({ generated, got: got(await failed) }).toEqual({ generated, got: expectedOf(all) });
          }
        },
      ),
      { numRuns: RUNS },
    );
  }, 240_000);
});
