import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { subject } from '@casl/ability';
import fc from 'fast-check';
import { DataSource } from 'typeorm';
import { advisoryRowMapper } from '../../libs/advisories/src/queries/advisory-row';
import { dataSourceOptions } from '../../libs/database-entities/src/data-source-options';
import { AccessLevel } from '../../libs/platform/src/vocabulary';
import { defineAdvisoryAbility, type AdvisoryAction } from '../../libs/policy/src/advisories/advisory-ability';
import { actionToSql, advisoryAccessSql } from '../../libs/policy/src/advisories/advisory-access-sql';
import { projectAdvisory } from '../../libs/policy/src/advisories/advisory-projection';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import { createTestDatabase } from '../support/test-database';
import { expectedView } from './expected-view';
import { ReferencePolicy } from './reference-policy';
import { insertWorld, readerOf, worldArbitrary, type World } from './world';

const RUNS = Number(process.env.COUNCIL_POLICY_RUNS ?? 250);
const ACTIONS: AdvisoryAction[] = [
  'readFull',
  'readTearLine',
  'readMetadata',
  'readRetracted',
  'readOriginator',
  'readAudience',
  'listVersions',
  'edit',
  'submit',
  'approve',
  'reject',
  'withdraw',
  'proposeWidening',
  'consentWidening',
];

describe('the policy library on real PostgreSQL, against ACCESS-POLICY.md written out independently', () => {
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

  async function rowsOf(world: World): Promise<Array<Record<string, unknown>>> {
    return dataSource.query(`SELECT * FROM advisories WHERE id = ANY($1::uuid[])`, [world.advisories.map((a) => a.id)]);
  }

  it('gives every person exactly the advisories, access levels and fields the written rules give', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(), async (world) => {
        await insertWorld(dataSource, world);
        const reference = new ReferencePolicy(new Map(world.organisations.map((o) => [o.id, o])), world.now);
        const ids = world.advisories.map((a) => a.id);
        for (const person of world.persons) {
          const reader = readerOf(world, person);
          const ability = defineAdvisoryAbility(reader, world.now);
          const access = advisoryAccessSql(ability, new SqlParameters(1));
          const rows: Array<Record<string, unknown>> = await dataSource.query(
            `SELECT a.*, ${access.access} AS access FROM advisories a WHERE a.id = ANY($1::uuid[]) AND ${access.visible}`,
            [ids, ...access.params.values],
          );
          const actual = new Map(
            rows.map((row) => {
              const view = projectAdvisory(toRecord(row), row.access as AccessLevel, ability);
              const {
                id,
                access: level,
                classification,
                tlp,
                title,
                summary,
                body,
                recommendedActions,
                indicators,
                originatorOrgId,
              } = view;
              return [
                id,
                {
                  access: level,
                  classification,
                  tlp,
                  title,
                  summary,
                  body,
                  recommendedActions,
                  indicators,
                  originatorOrgId,
                  audienceShown: view.audience !== null,
                },
              ];
            }),
          );
          world.advisories.forEach((advisory, index) => {
            const answer = reference.answer(person, advisory);
            const expected = answer ? expectedView(advisory, index, answer) : null;
            expect({ person, advisory, view: actual.get(advisory.id) ?? null }).toEqual({ person, advisory, view: expected });
          });
        }
      }),
      { numRuns: RUNS },
    );
  }, 240_000);

  it('compiles every action to SQL that selects exactly the rows CASL allows in memory (parity, NULLs included)', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary({ organisations: 3, persons: 5, advisories: 10 }), async (world) => {
        await insertWorld(dataSource, world);
        const records = (await rowsOf(world)).map(toRecord);
        for (const person of world.persons) {
          const ability = defineAdvisoryAbility(readerOf(world, person), world.now);
          for (const action of ACTIONS) {
            const params = new SqlParameters(1);
            const condition = actionToSql(ability, action, params);
            const rows: Array<{ id: string }> = await dataSource.query(
              `SELECT a.id FROM advisories a WHERE a.id = ANY($1::uuid[]) AND ${condition}`,
              [records.map((r) => r.id), ...params.values],
            );
            const inSql = new Set(rows.map((r) => r.id));
            for (const record of records) {
              const inMemory = ability.can(action, subject('Advisory', { ...record }));
              expect({ action, person, id: record.id, allowed: inSql.has(record.id) }).toEqual({
                action,
                person,
                id: record.id,
                allowed: inMemory,
              });
            }
          }
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  }, 240_000);
});
