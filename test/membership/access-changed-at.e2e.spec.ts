import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import { PersonEntity } from '../../libs/membership/src/people/person.entity';
import type { Reader, ReaderOrganisation } from '../../libs/policy/src/reader';
import { inDays, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

/**
 * access_changed_at (persons, organisations) is what the TAXII collection dates a reader's access
 * change with. The triggers must stamp it for a change to anything the policy reads about the
 * reader — every field of Reader and ReaderOrganisation (adding a field there fails to compile
 * here until it is listed) — and for nothing else.
 */
type Change = { column?: string; value: () => unknown; person?: Partial<PersonEntity> };

let t: TestApp;

const personChanges = {
  organisation: { column: 'organisation_id', value: async () => (await insertOrganisation(t.dataSource)).id },
  individualTier: { value: () => 'CLASS_1', person: { organisationId: null } },
  roles: { value: () => ['ANALYST', 'ORG_ADMIN'] },
  active: { value: () => false },
  pledgeExpiresAt: { value: () => inDays(700) },
  clearanceLevel: { value: () => 'IESI' },
  clearanceExpiresAt: { value: () => inDays(100) },
  clearanceSuspended: { value: () => true },
} satisfies Record<Exclude<keyof Reader, 'id' | 'accessChangedAt'>, Change>;

const organisationChanges = {
  kind: { value: () => 'LOCAL_GOVERNMENT' },
  tier: { value: () => 'CLASS_1' },
  sectors: { value: () => ['FINANCE', 'ENERGY'] },
  prefecture: { value: () => '27' },
  municipality: { value: () => '13101' },
  foreign: { value: () => true },
  active: { value: () => false },
  agreementExpiresAt: { value: () => inDays(900) },
  facilityClearanceExpiresAt: { value: () => inDays(90) },
} satisfies Record<Exclude<keyof ReaderOrganisation, 'id' | 'accessChangedAt'>, Change>;

const columnOf = (entity: typeof PersonEntity | typeof OrganisationEntity, property: string, change: Change): string =>
  change.column ?? t.dataSource.getMetadata(entity).findColumnWithPropertyName(property)!.databaseName;

async function stamp(table: string, id: string): Promise<number> {
  const [row] = await t.dataSource.query(`SELECT access_changed_at FROM ${table} WHERE id = $1`, [id]);
  return (row.access_changed_at as Date).getTime();
}

/** Runs `write` in a transaction of its own, started well after the row's current stamp. */
async function stampAfter(table: string, id: string, write: () => Promise<unknown>): Promise<{ before: number; after: number }> {
  const before = await stamp(table, id);
  await new Promise((r) => setTimeout(r, 5));
  await write();
  return { before, after: await stamp(table, id) };
}

beforeAll(async () => {
  t = await startTestApp();
}, 120_000);

afterAll(async () => {
  await t?.close();
});

describe('access_changed_at', () => {
  for (const [property, change] of Object.entries(personChanges) as Array<[string, Change]>) {
    it(`is stamped when the person's ${property} changes`, async () => {
      const organisation = await insertOrganisation(t.dataSource);
      const person = await insertPerson(t.dataSource, { organisationId: organisation.id, ...change.person });
      const column = columnOf(PersonEntity, property, change);
      const value = await change.value();
      const { before, after } = await stampAfter('persons', person.id, () =>
        t.dataSource.query(`UPDATE persons SET "${column}" = $2 WHERE id = $1`, [person.id, value]),
      );
      expect(after).toBeGreaterThan(before);
    });
  }

  for (const [property, change] of Object.entries(organisationChanges) as Array<[string, Change]>) {
    it(`is stamped when the organisation's ${property} changes`, async () => {
      const organisation = await insertOrganisation(t.dataSource);
      const column = columnOf(OrganisationEntity, property, change);
      const value = await change.value();
      const { before, after } = await stampAfter('organisations', organisation.id, () =>
        t.dataSource.query(`UPDATE organisations SET "${column}" = $2 WHERE id = $1`, [organisation.id, value]),
      );
      expect(after).toBeGreaterThan(before);
    });
  }

  it('stays for writes that change nothing the policy reads, and cannot be written directly', async () => {
    const organisation = await insertOrganisation(t.dataSource);
    const person = await insertPerson(t.dataSource, { organisationId: organisation.id });
    const personWrites = [
      `UPDATE persons SET display_name = 'Someone else', email = 'else-' || id || '@example.test', updated_at = now() WHERE id = $1`,
      `UPDATE persons SET active = active, roles = roles, pledge_expires_at = pledge_expires_at WHERE id = $1`,
      `UPDATE persons SET access_changed_at = now() + interval '1 day' WHERE id = $1`,
    ];
    for (const sql of personWrites) {
      const { before, after } = await stampAfter('persons', person.id, () => t.dataSource.query(sql, [person.id]));
      expect({ sql, after }).toEqual({ sql, after: before });
    }
    const organisationWrites = [
      `UPDATE organisations SET name = 'Renamed', escalation_delay_seconds = 60, updated_at = now() WHERE id = $1`,
      `UPDATE organisations SET tier = tier, sectors = sectors WHERE id = $1`,
      `UPDATE organisations SET access_changed_at = '2001-01-01' WHERE id = $1`,
    ];
    for (const sql of organisationWrites) {
      const { before, after } = await stampAfter('organisations', organisation.id, () => t.dataSource.query(sql, [organisation.id]));
      expect({ sql, after }).toEqual({ sql, after: before });
    }
  });

  it('holds whole milliseconds (a JavaScript Date loses nothing of it), loaded with the person and organisation', async () => {
    const organisation = await insertOrganisation(t.dataSource);
    const person = await insertPerson(t.dataSource, { organisationId: organisation.id });
    const started = Date.now();
    await t.dataSource.query(`UPDATE persons SET clearance_suspended = true WHERE id = $1`, [person.id]);
    const [{ exact }] = await t.dataSource.query(
      `SELECT access_changed_at = date_trunc('milliseconds', access_changed_at) AS exact FROM persons WHERE id = $1`,
      [person.id],
    );
    expect(exact).toBe(true);
    const loaded = await t.dataSource
      .getRepository(PersonEntity)
      .findOneOrFail({ where: { id: person.id }, relations: { organisation: true } });
    expect(loaded.accessChangedAt.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(loaded.organisation?.accessChangedAt).toBeInstanceOf(Date);
  });
});
