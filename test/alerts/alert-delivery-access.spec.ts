import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { AdvisoryQueryService } from '../../libs/advisories/src/queries/advisory-query.service';
import { AlertDeliveryViewService, type AlertDeliveryView } from '../../libs/alerts/src/deliveries/alert-delivery-view.service';
import type { AlertJobs } from '../../libs/alerts/src/queues/alert-jobs';
import { AccessLogService } from '../../libs/audit/src/access-log.service';
import { AuditLogService } from '../../libs/audit/src/audit-log.service';
import type { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { Clock } from '../../libs/platform/src/clock/clock';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { Role } from '../../libs/platform/src/vocabulary';
import { PolicyService } from '../../libs/policy/src/policy.service';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { createTestDatabase } from '../support/test-database';

const HOOK = 'https://hooks.bank.example.test/council/3f9c1e?token=receiver-secret';
const HOOK_ORIGIN = 'https://hooks.bank.example.test';

/**
 * The delivery service asked directly, as a resolver would, with ids that belong to someone else:
 * the statements' own WHERE clause (the alert policy) decides, not the caller.
 */
describe('alert deliveries of another person', () => {
  let dataSource: DataSource;
  let views: AlertDeliveryViewService;
  let alice: PersonEntity;
  let bob: PersonEntity;
  let orgAdmin: PersonEntity;
  let auditor: PersonEntity;
  let secretariat: PersonEntity;
  let advisoryId: string;
  const alertOf = new Map<string, string>();

  /** One alert of `person` with a FAILED delivery to a webhook and one to an address of theirs. */
  async function alertWithFailedDeliveries(person: PersonEntity, eventId: string): Promise<string> {
    const [{ id: alertId }] = await dataSource.query(
      `INSERT INTO alerts (outbox_event_id, person_id, advisory_id, event, severity, access) VALUES ($1, $2, $3, 'advisory.published', 'HIGH', 'FULL') RETURNING id`,
      [eventId, person.id, advisoryId],
    );
    const channels = await dataSource.query(
      `INSERT INTO alert_channels (person_id, kind, target, min_severity, signing_secret_sealed)
       VALUES ($1, 'WEBHOOK', $2, 'LOW', 'sealed'), ($1, 'EMAIL', $3, 'LOW', NULL) RETURNING id`,
      [person.id, HOOK, `soc-${person.id.slice(0, 8)}@bank.example.test`],
    );
    await dataSource.query(
      `INSERT INTO alert_deliveries (alert_id, channel_id, status, attempts, last_error)
       SELECT $1, id, 'FAILED', 3, 'receiver answered HTTP 503' FROM unnest($2::uuid[]) AS id`,
      [alertId, channels.map((c: { id: string }) => c.id)],
    );
    return alertId;
  }

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
    const bank = await insertOrganisation(dataSource);
    alice = await insertPerson(dataSource, { organisationId: bank.id, roles: [Role.ANALYST] });
    bob = await insertPerson(dataSource, { organisationId: bank.id, roles: [Role.CISO] });
    orgAdmin = await insertPerson(dataSource, { organisationId: bank.id, roles: [Role.ORG_ADMIN] });
    auditor = await insertPerson(dataSource, { roles: [Role.AUDITOR] });
    secretariat = await insertPerson(dataSource, { organisationId: (await insertOrganisation(dataSource)).id, roles: [Role.SECRETARIAT] });
    advisoryId = (await insertAdvisory(dataSource, { authorId: secretariat.id })).id;
    const [{ id: eventId }] = await dataSource.query(
      `INSERT INTO outbox_events (event, advisory_id, advisory_version, occurred_at, dispatched_at) VALUES ('advisory.published', $1, 1, now(), now()) RETURNING id`,
      [advisoryId],
    );
    for (const person of [alice, bob]) alertOf.set(person.id, await alertWithFailedDeliveries(person, eventId));
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  const targets = (list: AlertDeliveryView[]) => list.map((d) => d.target).sort();

  it("gets none of another person's deliveries by that person's alert id, whoever asks", async () => {
    const aliceAlert = alertOf.get(alice.id) as string;
    for (const other of [bob, orgAdmin, auditor, secretariat]) {
      expect({ who: other.roles, got: await views.forAlert(other, aliceAlert) }).toEqual({ who: other.roles, got: [] });
    }
    const own = await views.forAlert(alice, aliceAlert);
    expect(own.map((d) => d.personId)).toEqual([alice.id, alice.id]);
    expect(targets(own)).toEqual([HOOK, `soc-${alice.id.slice(0, 8)}@bank.example.test`].sort());
  });

  it('lists as failed only the reader’s own deliveries, with their own targets in full', async () => {
    for (const person of [alice, bob]) {
      const mine = await views.myFailed(person, 50);
      expect(mine).toHaveLength(2);
      expect(mine.every((d) => d.personId === person.id)).toBe(true);
      expect(targets(mine)).toEqual([HOOK, `soc-${person.id.slice(0, 8)}@bank.example.test`].sort());
    }
    for (const person of [orgAdmin, auditor]) expect(await views.myFailed(person, 50)).toEqual([]);
  });

  it('gives an inactive person none of their own deliveries (the policy allows nothing to them)', async () => {
    const inactive = { ...alice, active: false } as PersonEntity;
    expect(await views.forAlert(inactive, alertOf.get(alice.id) as string)).toEqual([]);
    expect(await views.myFailed(inactive, 50)).toEqual([]);
  });

  it('shows the secretariat every failed delivery of the advisory, each target reduced to where it points', async () => {
    const failed = await views.failedForAdvisory(secretariat, advisoryId, 50);
    expect(failed.map((d) => d.personId).sort()).toEqual([alice.id, alice.id, bob.id, bob.id].sort());
    expect(targets(failed)).toEqual([HOOK_ORIGIN, HOOK_ORIGIN, '*@bank.example.test', '*@bank.example.test'].sort());
    for (const person of [alice, bob, orgAdmin, auditor]) {
      await expect(views.failedForAdvisory(person, advisoryId, 50)).rejects.toThrow(/Only the secretariat/);
    }
  });

  it('refuses a retry to anyone but the secretariat before loading anything', async () => {
    const [{ id }] = await dataSource.query(
      'SELECT d.id FROM alert_deliveries d JOIN alerts al ON al.id = d.alert_id WHERE al.person_id = $1 LIMIT 1',
      [alice.id],
    );
    for (const person of [alice, bob, orgAdmin, auditor]) {
      await expect(views.retry(person, id)).rejects.toThrow(/Only the secretariat/);
    }
  });
});
