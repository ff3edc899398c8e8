import 'reflect-metadata';
import { subject } from '@casl/ability';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { AdvisoryEntity } from '@app/advisories/entities/advisory.entity';
import { advisoryRowMapper } from '@app/advisories/queries/advisory-row';
import { buildFeedPageQuery } from '@app/advisories/queries/feed-page-query';
import { dataSourceOptions } from '@app/database-entities/data-source-options';
import { Clock } from '@app/platform/clock/clock';
import { ADVISORY } from '@app/policy/advisories/advisory-ability';
import { PolicyService } from '@app/policy/policy.service';
import { millisecondsSince, parseArgs, runMain, summarise, writeBenchFile } from './common';
import { loadReaders } from './readers';
import { recordResult } from './record';
import { seed } from './seed';

/**
 * `npm run bench:naive [-- --runs N --database-url URL --rebuild]`
 *
 * BENCHMARKS.md "naive": the typical member's first page of 50 with the policy applied the way
 * many CASL tutorials do it — load the advisories with the ORM, newest first, keep those
 * `ability.can` allows, take 50 — against the platform's page query (the policy as the WHERE
 * clause), at 100,000 advisories (the `naive` scale of the seed, built first if its database is
 * missing). A second in-memory variant skips the ORM's entity hydration (raw rows, then
 * ability.can), so that the ratio is not won on TypeORM's overhead alone. All through the same
 * TypeORM DataSource; all must give the same 50 ids.
 */

async function hasDataSet(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query(`SELECT value FROM bench_meta WHERE key = 'scale'`);
    return rows.length === 1;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), 'naive');
  const naiveRuns = Number(args.flags.get('runs') ?? 7);
  const oursRuns = Number(args.flags.get('ours-runs') ?? 200);
  if (args.flags.has('rebuild') || !(await hasDataSet(args.databaseUrl))) {
    const built = await seed(args.scale, args.databaseUrl);
    writeBenchFile(`seed-${args.scale.name}.json`, built);
  }

  const dataSource = new DataSource({ ...dataSourceOptions(args.databaseUrl), logging: false, extra: { max: 1 } });
  await dataSource.initialize();
  const client = new Client({ connectionString: args.databaseUrl });
  await client.connect();
  try {
    const reader = (await loadReaders(client)).typicalMember;
    const policy = new PolicyService(new Clock());
    const now = new Date();
    const { count } = (await dataSource.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM advisories`))[0];
    const repository = dataSource.getRepository(AdvisoryEntity);

    const naivePage = async (): Promise<string[]> => {
      const ability = policy.advisoryAbility(reader, now);
      const all = await repository.find({ order: { sortAt: 'DESC', id: 'DESC' } });
      const visible = all.filter((a) => {
        const s = subject(ADVISORY, a);
        return ability.can('readFull', s) || ability.can('readTearLine', s) || ability.can('readMetadata', s);
      });
      return visible.slice(0, 50).map((a) => a.id);
    };
    // The same, without the ORM's entity hydration: raw rows, mapped to records (the faster naive).
    const toRecord = advisoryRowMapper(dataSource);
    const naiveRawPage = async (): Promise<string[]> => {
      const ability = policy.advisoryAbility(reader, now);
      const rows: Array<Record<string, unknown>> = await dataSource.query(`SELECT * FROM advisories ORDER BY sort_at DESC, id DESC`);
      const visible: string[] = [];
      for (const row of rows) {
        const s = subject(ADVISORY, toRecord(row) as object);
        if (ability.can('readFull', s) || ability.can('readTearLine', s) || ability.can('readMetadata', s)) visible.push(row.id as string);
      }
      return visible.slice(0, 50);
    };
    const ourPage = async (): Promise<string[]> => {
      const query = buildFeedPageQuery(policy.advisoryAccessSql(reader, 0, now), {}, 50, null);
      const rows: Array<{ id: string }> = await dataSource.query(query.sql, query.values);
      return rows.slice(0, 50).map((r) => r.id);
    };

    // Warm both, and check that they agree.
    const naiveIds = await naivePage();
    const rawIds = await naiveRawPage();
    const ourIds = await ourPage();
    for (let i = 0; i < 20; i++) await ourPage();
    const same = (a: string[], b: string[]) => a.length === b.length && a.every((id, i) => id === b[i]);
    const sameIds = same(naiveIds, ourIds) && same(rawIds, ourIds);

    const naive: number[] = [];
    const naiveRaw: number[] = [];
    const ours: number[] = [];
    for (let i = 0; i < naiveRuns; i++) {
      let start = process.hrtime.bigint();
      await naivePage();
      naive.push(millisecondsSince(start));
      start = process.hrtime.bigint();
      await naiveRawPage();
      naiveRaw.push(millisecondsSince(start));
      for (let j = 0; j < Math.ceil(oursRuns / naiveRuns); j++) {
        start = process.hrtime.bigint();
        await ourPage();
        ours.push(millisecondsSince(start));
      }
    }
    const n = summarise(naive);
    const nr = summarise(naiveRaw);
    const o = summarise(ours);
    const ratio = Math.round((n.median / o.median) * 10) / 10;
    const rawRatio = Math.round((nr.median / o.median) * 10) / 10;
    const result = {
      benchmark: 'naive',
      scale: args.scale.name,
      advisories: count,
      unit: 'ms',
      naive: { median: n.median, p95: n.p95, runs: n.n },
      naiveWithoutOrm: { median: nr.median, p95: nr.p95, runs: nr.n },
      ours: { median: o.median, p95: o.p95, runs: o.n },
      ratio,
      ratioWithoutOrm: rawRatio,
      sameIds,
      target: { atLeast200x: ratio >= 200, atLeast200xWithoutOrm: rawRatio >= 200 },
    };
    writeBenchFile(`naive-${args.scale.name}.json`, { ...result, samples: { naive, naiveRaw, ours }, at: now.toISOString() });
    console.log(JSON.stringify(result));
    if (!sameIds) throw new Error('the in-memory page and the SQL page differ: the policy compiler and ability.can disagree');
    recordResult({
      id: 'naive',
      command: 'npm run bench:naive',
      result:
        `${count.toLocaleString('en')} advisories, typical member, first page of 50: ORM find() + ability.can in memory ${n.median} ` +
        `(median of ${n.n}); raw rows + ability.can ${nr.median}; policy as the WHERE clause ${o.median} (median of ${o.n}): ` +
        `${ratio}× faster (${rawRatio}× against the raw-rows variant); same 50 ids: ${sameIds}`,
    });
  } finally {
    await client.end();
    await dataSource.destroy();
  }
}

if (require.main === module) runMain(main);
