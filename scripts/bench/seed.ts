import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { runMigrations } from '@app/platform/database/run-migrations';
import { COLUMNS, DEFAULT_SEED, advisoryBatches, generateCouncil, organisationLine, personLine, type Council, type Scale } from './dataset';
import { Prng } from './prng';
import { databaseNameOf, maintenanceUrlOf, millisecondsSince, parseArgs, runMain, writeBenchFile } from './common';
import { recordResult } from './record';

/**
 * `npm run bench:seed -- --scale small|naive|national [--database-url URL] [--seed S]`
 *
 * Builds the benchmark data set of BENCHMARKS.md in its own database (default
 * council_bench_<scale> on the local server), dropping it first: migrated with the platform's
 * migrations, loaded with COPY (secondary indexes of `advisories` dropped during the load and
 * rebuilt from their own definitions afterwards, two at a time), then ANALYZEd. Writes nothing
 * else but `.bench/`. Prints one JSON line.
 */

export interface SeedResult {
  benchmark: 'seed';
  scale: string;
  database: string;
  seed: string;
  rows: { organisations: number; persons: number; advisories: number };
  seconds: { total: number; migrate: number; load: number; indexes: number; analyze: number };
  mix: Record<string, unknown>;
}

async function copyInto(
  client: Client,
  table: string,
  columns: readonly string[],
  chunks: Iterable<string>,
  freeze: boolean,
): Promise<void> {
  const stream = client.query(
    copyFrom(`COPY "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) FROM STDIN WITH (FORMAT text${freeze ? ', FREEZE' : ''})`),
  );
  await pipeline(Readable.from(chunks, { objectMode: false }), stream);
}

function* inBatches<T>(items: T[], line: (item: T) => string, batch = 2_000): Generator<string> {
  for (let i = 0; i < items.length; i += batch) {
    yield (
      items
        .slice(i, i + batch)
        .map(line)
        .join('\n') + '\n'
    );
  }
}

export async function seed(scale: Scale, databaseUrl: string, seedText = DEFAULT_SEED): Promise<SeedResult> {
  const started = process.hrtime.bigint();
  const database = databaseNameOf(databaseUrl);
  if (!/bench/.test(database)) {
    throw new Error(`refusing to overwrite "${database}": a benchmark database's name contains "bench"`);
  }
  const admin = new Client({ connectionString: maintenanceUrlOf(databaseUrl) });
  await admin.connect();
  try {
    await admin.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${database}"`);
  } finally {
    await admin.end();
  }

  let mark = process.hrtime.bigint();
  await runMigrations(databaseUrl);
  const migrate = millisecondsSince(mark) / 1000;

  const council: Council = generateCouncil(scale, seedText);
  const client = new Client({ connectionString: databaseUrl });
  const helper = new Client({ connectionString: databaseUrl });
  await Promise.all([client.connect(), helper.connect()]);
  try {
    for (const c of [client, helper]) {
      await c.query(`SET maintenance_work_mem = '1GB'`);
      await c.query(`SET synchronous_commit = off`);
    }
    // Secondary indexes of advisories: dropped for the load, rebuilt afterwards from pg_indexes,
    // so that the data set always has exactly the indexes the migrations define.
    const { rows: indexes } = await client.query<{ name: string; definition: string }>(
      `SELECT i.indexname AS name, i.indexdef AS definition
         FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename = 'advisories'
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        ORDER BY i.indexname`,
    );
    for (const index of indexes) await client.query(`DROP INDEX "${index.name}"`);

    mark = process.hrtime.bigint();
    const rng = new Prng(`${seedText}/${scale.name}/rows`);
    await client.query('BEGIN');
    await client.query('TRUNCATE advisories CASCADE');
    await copyInto(
      client,
      'organisations',
      COLUMNS.organisations,
      inBatches(council.organisations, (o) => organisationLine(o, rng)),
      false,
    );
    await copyInto(
      client,
      'persons',
      COLUMNS.persons,
      inBatches(council.persons, (p) => personLine(p, rng)),
      false,
    );
    // FREEZE: the table was truncated in this transaction, so rows are written frozen and
    // all-visible, as in a database that has been running for a while (no hint-bit writes later).
    await copyInto(client, 'advisories', COLUMNS.advisories, advisoryBatches(council), true);
    await client.query(`CREATE TABLE bench_meta (key text PRIMARY KEY, value jsonb NOT NULL)`);
    const red = [...council.redMentions.entries()].sort((a, b) => b[1] - a[1]);
    const readers = { ...council.readers, namedOnRed: red[0]?.[0] ?? council.readers.namedOnRed };
    await client.query(`INSERT INTO bench_meta (key, value) VALUES ('scale', $1), ('seed', $2), ('readers', $3), ('red_mentions', $4)`, [
      JSON.stringify(scale.name),
      JSON.stringify(seedText),
      JSON.stringify(readers),
      JSON.stringify(Object.fromEntries(red.slice(0, 10))),
    ]);
    await client.query('COMMIT');
    const load = millisecondsSince(mark) / 1000;

    mark = process.hrtime.bigint();
    const queue = [...indexes];
    await Promise.all(
      [client, helper].map(async (c) => {
        for (let next = queue.shift(); next; next = queue.shift()) await c.query(next.definition);
      }),
    );
    const indexSeconds = millisecondsSince(mark) / 1000;

    mark = process.hrtime.bigint();
    await Promise.all([
      client.query('VACUUM (ANALYZE) advisories'),
      helper.query('VACUUM (ANALYZE) organisations').then(() => helper.query('VACUUM (ANALYZE) persons')),
    ]);
    const analyze = millisecondsSince(mark) / 1000;

    const { rows: mixRows } = await client.query<{ what: string; value: string; n: string }>(
      `SELECT 'status' AS what, status AS value, count(*) AS n FROM advisories GROUP BY status
       UNION ALL SELECT 'classification', full_classification, count(*) FROM advisories GROUP BY full_classification
       UNION ALL SELECT 'tlp', full_tlp, count(*) FROM advisories GROUP BY full_tlp
       UNION ALL SELECT 'audience', CASE WHEN cardinality(audience_person_ids) > 0 THEN 'persons'
                                          WHEN cardinality(audience_organisation_ids) > 0 THEN 'organisations'
                                          WHEN cardinality(audience_regions) > 0 THEN 'regional'
                                          WHEN cardinality(audience_sectors) > 0 THEN 'sectors'
                                          WHEN cardinality(audience_tiers) > 0 THEN 'tiers'
                                          ELSE 'nationwide' END, count(*) FROM advisories GROUP BY 2
       UNION ALL SELECT 'tearLine', has_tear_line::text, count(*) FROM advisories GROUP BY has_tear_line
       UNION ALL SELECT 'tier', tier, count(*) FROM organisations GROUP BY tier
       UNION ALL SELECT 'kind', kind, count(*) FROM organisations GROUP BY kind
       UNION ALL SELECT 'persons', CASE WHEN clearance_level = 'IESI' THEN 'clearance' ELSE 'noClearance' END, count(*) FROM persons GROUP BY 2
       ORDER BY 1, 2`,
    );
    const mix: Record<string, Record<string, number>> = {};
    for (const row of mixRows) (mix[row.what] ??= {})[row.value] = Number(row.n);

    const total = millisecondsSince(started) / 1000;
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      benchmark: 'seed',
      scale: scale.name,
      database,
      seed: seedText,
      rows: { organisations: council.organisations.length, persons: council.persons.length, advisories: scale.advisories },
      seconds: { total: r(total), migrate: r(migrate), load: r(load), indexes: r(indexSeconds), analyze: r(analyze) },
      mix: { ...mix, readers, redMentionsOfNamedReader: red[0]?.[1] ?? 0 },
    };
  } finally {
    await Promise.all([client.end(), helper.end()]);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const seedText = typeof args.flags.get('seed') === 'string' ? String(args.flags.get('seed')) : DEFAULT_SEED;
  const result = await seed(args.scale, args.databaseUrl, seedText);
  writeBenchFile(`seed-${args.scale.name}.json`, result);
  const { mix, ...line } = result;
  void mix;
  console.log(JSON.stringify(line));
  recordResult({
    id: `seed (${args.scale.name})`,
    command: `npm run bench:seed -- --scale ${args.scale.name}`,
    result:
      `${result.rows.advisories.toLocaleString('en')} advisories, ${result.rows.persons.toLocaleString('en')} people, ` +
      `${result.rows.organisations.toLocaleString('en')} organisations in ${result.seconds.total} s ` +
      `(load ${result.seconds.load} s, indexes ${result.seconds.indexes} s, vacuum/analyze ${result.seconds.analyze} s)`,
  });
}

if (require.main === module) runMain(main);
