import { Client } from 'pg';
import { buildDateAddedPageQuery, type DateAddedPageOptions } from '@app/advisories/queries/date-added-page-query';
import { advisoryAccessSql } from '@app/policy/advisories/advisory-access-sql';
import { defineAdvisoryAbility } from '@app/policy/advisories/advisory-ability';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { loadReaders } from './readers';

/**
 * `ts-node -r tsconfig-paths/register scripts/bench/taxii-explain.ts <database-url>`: EXPLAIN ANALYZE
 * of one TAXII page (101 rows) for the bench readers, with and without the group dated at the
 * reader's access change (R), as the collection would issue it.
 */
async function main(): Promise<void> {
  const client = new Client({ connectionString: process.argv[2] });
  await client.connect();
  const readers = await loadReaders(client);
  const now = new Date();
  const hour = 3_600_000;
  const [{ max }] = (await client.query(`SELECT max(updated_at) AS max FROM advisories`)).rows;
  // The seed dates some advisories after today: count from whichever is earlier.
  const newest = Math.min((max as Date).getTime(), now.getTime() - 60_000);
  const [{ id: someId }] = (await client.query(`SELECT id FROM advisories ORDER BY id LIMIT 1 OFFSET 500000`)).rows;
  const cases: Array<[string, Partial<DateAddedPageOptions>]> = [
    ['before the fix: added_after = newest - 24h', { addedAfter: new Date(newest - 24 * hour) }],
    ['up to date poller: added_after = newest - 24h, R = newest - 30 days', { addedAfter: new Date(newest - 24 * hour), accessChangedAt: new Date(newest - 720 * hour) }],
    ['access grew: added_after = newest - 24h, R = newest - 1h', { addedAfter: new Date(newest - 24 * hour), accessChangedAt: new Date(newest - hour) }],
    ['access grew, next page in the group', { addedAfter: new Date(newest - 24 * hour), accessChangedAt: new Date(newest - hour), from: { dateAdded: new Date(newest - hour).toISOString().replace('Z', '000Z'), id: someId } }],
    ['before the fix: full read', {}],
    ['full read, R = newest - 1h', { accessChangedAt: new Date(newest - hour) }],
  ];
  for (const readerClass of ['typicalMember', 'clearedMember', 'nonMemberMunicipality'] as const) {
    const reader = readers[readerClass];
    for (const [label, options] of cases) {
      const access = advisoryAccessSql(defineAdvisoryAbility(reader, now), new SqlParameters(0), reader.organisation?.sectors ?? []);
      const query = buildDateAddedPageQuery(access, { addedBefore: new Date(now.getTime() - 5000), limit: 101, ...options });
      // Twice: the first run warms the cache; the second is reported.
      await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.values);
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${query.sql}`, query.values);
      const plan = rows.map((r) => r['QUERY PLAN'] as string);
      console.log(`\n=== ${readerClass}: ${label}`);
      console.log(plan.filter((line) => /Scan|Append|Result|Limit|Sort|One-Time|Execution|Index Cond|rows=/.test(line) && !/Filter: \(\(/.test(line)).map((l) => l.slice(0, 200)).join('\n'));
    }
  }
  await client.end();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
