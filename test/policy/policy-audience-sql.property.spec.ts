import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { advisoryRowMapper } from '../../libs/advisories/src/queries/advisory-row';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { advisoryAudienceSql } from '../../libs/policy/src/advisories/advisory-audience-sql';
import { alertRecipientAccessSql } from '../../libs/policy/src/alerts/alert-recipient-access-sql';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import { createTestDatabase } from '../support/test-database';
import { ReferencePolicy, type RefAdvisory } from './reference-policy';
import { insertWorld, worldArbitrary } from './world';

const RUNS = Number(process.env.COUNCIL_POLICY_RUNS ?? 250);

describe('the policy seen from the advisory side (set-based SQL over people), against the written rules', () => {
  let dataSource: DataSource;
  let toRecord: ReturnType<typeof advisoryRowMapper>;

  beforeAll(async () => {
    dataSource = new DataSource({ ...dataSourceOptions(await createTestDatabase()), extra: { max: 2 } });
    await dataSource.initialize();
    toRecord = advisoryRowMapper(dataSource);
  });
  afterAll(async () => {
    await dataSource.destroy();
  });

  it('gives every person the access level and the rule-A views the reader-side policy gives', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(), fc.boolean(), async (world, asPublished) => {
        await insertWorld(dataSource, world);
        const reference = new ReferencePolicy(new Map(world.organisations.map((o) => [o.id, o])), world.now);
        const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT * FROM advisories WHERE id = ANY($1::uuid[])`, [
          world.advisories.map((a) => a.id),
        ]);
        for (const row of rows) {
          const record = toRecord(row);
          const stored = world.advisories.find((a) => a.id === record.id)!;
          const advisory: RefAdvisory = asPublished ? { ...stored, status: 'PUBLISHED' } : stored;
          const params = new SqlParameters(1);
          const audience = advisoryAudienceSql(record, world.now, params, { asPublished });
          const statement = params.compact(
            `SELECT p.id, ${audience.access} AS access, ${audience.ruleAFull} AS rule_a_full, ${audience.ruleATearLine} AS rule_a_tear_line
               FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
              WHERE p.id = ANY($1::uuid[])`,
            [world.persons.map((p) => p.id)],
          );
          const people: Array<{ id: string; access: string | null; rule_a_full: boolean; rule_a_tear_line: boolean }> =
            await dataSource.query(statement.sql, statement.values);
          for (const person of world.persons) {
            const got = people.find((r) => r.id === person.id)!;
            const listed = person.active && !person.roles.includes('AUDITOR');
            const expected = {
              access: reference.answer(person, advisory)?.access ?? null,
              ruleAFull: listed && reference.ruleA(person, advisory, 'FULL'),
              ruleATearLine: listed && reference.ruleA(person, advisory, 'TEAR_LINE'),
            };
            expect({
              person,
              advisory,
              asPublished,
              got: { access: got.access, ruleAFull: got.rule_a_full, ruleATearLine: got.rule_a_tear_line },
            }).toEqual({
              person,
              advisory,
              asPublished,
              got: expected,
            });
          }
        }
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('answers an alert send what advisory(id) answers the person now, only while rule A gives them the FULL or TEAR_LINE view', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(), async (world) => {
        await insertWorld(dataSource, world);
        const reference = new ReferencePolicy(new Map(world.organisations.map((o) => [o.id, o])), world.now);
        const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT * FROM advisories WHERE id = ANY($1::uuid[])`, [
          world.advisories.map((a) => a.id),
        ]);
        const records = rows.map(toRecord);
        const personIds = world.persons.map((p) => p.id);
        const statement = alertRecipientAccessSql(
          records.map((advisory) => ({ advisory, personIds })),
          world.now,
        );
        const answers: Array<{ asked: number; person_id: string; access: string | null }> = await dataSource.query(
          statement.sql,
          statement.values,
        );
        expect(answers).toHaveLength(records.length * world.persons.length);
        records.forEach((record, index) => {
          const advisory = world.advisories.find((a) => a.id === record.id)!;
          for (const person of world.persons) {
            const got = answers.find((r) => r.asked === index && r.person_id === person.id)!.access;
            const eligible =
              person.active &&
              !person.roles.includes('AUDITOR') &&
              (reference.ruleA(person, advisory, 'FULL') || reference.ruleA(person, advisory, 'TEAR_LINE'));
            const expected = eligible ? (reference.answer(person, advisory)?.access ?? null) : null;
            expect({ person, advisory, got }).toEqual({ person, advisory, got: expected });
          }
        });
      }),
      { numRuns: RUNS },
    );
  }, 240_000);
});
