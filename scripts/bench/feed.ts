import { Client } from 'pg';
import type { AdvisoryFilterCriteria } from '@app/advisories/queries/advisory-filter';
import { buildFeedPageQuery, SORT_AT_TEXT } from '@app/advisories/queries/feed-page-query';
import { Clock } from '@app/platform/clock/clock';
import { AdvisoryStatus, Severity } from '@app/platform/vocabulary';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { millisecondsSince, parseArgs, runMain, summarise, writeBenchFile } from './common';
import { ANCHOR } from './dataset';
import { READER_CLASSES, loadReader, loadReaders } from './readers';
import { recordResult } from './record';

/**
 * `npm run bench:feed -- --scale small|national [--database-url URL] [--runs N] [--sample N]`
 *
 * BENCHMARKS.md "feed": `advisories(first: 50)` measured in the database for each reader class,
 * with the platform's own page query (buildFeedPageQuery, the function AdvisoryQueryService runs),
 * against the unfiltered indexed page (the physical limit). The figure is the database's own
 * planning + execution time of each run (EXPLAIN ANALYZE with TIMING OFF, so no per-node clock
 * overhead; every statement is planned afresh, as the platform's unnamed statements are), warm,
 * interleaved round-robin so that the shared machine's noise falls on every case alike. The client
 * round trip (rows returned as unparsed text) is recorded beside it. Medians and p95s are each
 * the median over --rounds rounds (default 5) of the runs, as BENCHMARKS.md asks of figures
 * measured on a shared machine. Also checks the plan of a deterministic sample of people of every
 * kind (--sample, default 200), measures the feed's filters for two classes (no target;
 * --filter-runs 0 to skip), and writes the raw samples and EXPLAIN (ANALYZE, BUFFERS) of each
 * class under .bench/.
 */

const FIRST = 50;
const BASELINE_SQL = `SELECT a.*, ${SORT_AT_TEXT} AS sort_at_text FROM advisories a ORDER BY a.sort_at DESC, a.id DESC LIMIT ${FIRST + 1}`;

interface Case {
  key: string;
  label: string;
  sql: string;
  values: unknown[];
}

export function feedCases(policy: PolicyService, readers: Record<string, Reader>, now: Date): Case[] {
  const cases: Case[] = [{ key: 'baseline', label: 'unfiltered indexed page', sql: BASELINE_SQL, values: [] }];
  for (const [key, label] of READER_CLASSES) {
    const access = policy.advisoryAccessSql(readers[key], 0, now);
    const query = buildFeedPageQuery(access, {}, FIRST, null);
    cases.push({ key, label, sql: query.sql, values: query.values });
  }
  return cases;
}

interface ServerTimes {
  planningMs: number;
  executionMs: number;
}

/** The server's own planning and execution times of one run (EXPLAIN ANALYZE, no per-node timing). */
async function serverTimes(client: Client, c: Case): Promise<ServerTimes & { plan: PlanNode }> {
  const { rows } = await client.query<{ 'QUERY PLAN': ExplainedRun[] }>(
    `EXPLAIN (ANALYZE, TIMING OFF, SUMMARY, FORMAT JSON) ${c.sql}`,
    c.values,
  );
  const out = rows[0]['QUERY PLAN'][0];
  return { planningMs: out['Planning Time'], executionMs: out['Execution Time'], plan: out.Plan };
}

/** One run as EXPLAIN (FORMAT JSON) describes it. */
interface ExplainedRun {
  'Planning Time': number;
  'Execution Time': number;
  Plan: PlanNode;
}

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** "index walk" when the page is read by walking the (sort_at, id) index; else the plan's node types. */
function planShape(plan: PlanNode): string {
  const nodes: string[] = [];
  const visit = (n: PlanNode) => {
    nodes.push(n['Index Name'] ? `${n['Node Type']} using ${n['Index Name']}` : n['Node Type']);
    n.Plans?.forEach(visit);
  };
  visit(plan);
  if (nodes.length === 2 && nodes[0] === 'Limit' && nodes[1] === 'Index Scan using advisories_feed_order') return 'index walk';
  return nodes.join(' > ');
}

/**
 * The page for a deterministic sample of every kind of person (not just the five classes): the
 * worst planning+execution and any plan that does not walk the feed index.
 */
async function sampleReaders(client: Client, policy: PolicyService, now: Date, size: number) {
  const { rows } = await client.query<{ id: string }>(`SELECT id FROM persons ORDER BY md5(id::text) LIMIT $1`, [size]);
  const results: Array<{ id: string; ms: number; shape: string; rows: number }> = [];
  for (const { id } of rows) {
    const reader = await loadReader(client, id);
    const query = buildFeedPageQuery(policy.advisoryAccessSql(reader, 0, now), {}, FIRST, null);
    const c: Case = { key: id, label: id, sql: query.sql, values: query.values };
    await serverTimes(client, c);
    const times: number[] = [];
    let shape = '';
    for (let i = 0; i < 5; i++) {
      const t = await serverTimes(client, c);
      times.push(t.planningMs + t.executionMs);
      shape = planShape(t.plan);
    }
    const page = await client.query(c.sql, c.values);
    results.push({ id, ms: summarise(times).median, shape, rows: page.rowCount ?? 0 });
  }
  results.sort((a, b) => b.ms - a.ms);
  const shapes: Record<string, number> = {};
  for (const r of results) shapes[r.shape] = (shapes[r.shape] ?? 0) + 1;
  return {
    readers: results.length,
    worstMedian: results[0]?.ms,
    median: summarise(results.map((r) => r.ms)).median,
    shapes,
    worst: results.slice(0, 5),
  };
}

/**
 * Filtered pages (not a target of BENCHMARKS.md, which measures the unfiltered page): each filter
 * of the feed for the densest and the sparsest reader class, median planning+execution of `runs`.
 */
async function filteredPages(client: Client, policy: PolicyService, readers: Record<string, Reader>, now: Date, runs: number) {
  const filters: Array<[string, AdvisoryFilterCriteria]> = [
    ['minSeverity CRITICAL', { minSeverity: Severity.CRITICAL }],
    ['status WITHDRAWN', { status: [AdvisoryStatus.WITHDRAWN] }],
    ['published in the last 30 days of the data set', { publishedAfter: new Date(ANCHOR - 30 * 86_400_000) }],
    ['own sector', {}],
    ['text "Fortinet"', { text: 'Fortinet' }],
  ];
  const out: Array<{ reader: string; filter: string; median: number; shape: string; rows: number }> = [];
  for (const key of ['typicalMember', 'nonMemberMunicipality'] as const) {
    for (const [name, base] of filters) {
      const sectors = readers[key].organisation?.sectors ?? [];
      const filter = name === 'own sector' ? { sectors: [...sectors] } : base;
      const query = buildFeedPageQuery(policy.advisoryAccessSql(readers[key], 0, now), filter, FIRST, null);
      const c: Case = { key, label: name, sql: query.sql, values: query.values };
      const times: number[] = [];
      let shape = '';
      for (let i = 0; i < runs; i++) {
        const t = await serverTimes(client, c);
        times.push(t.planningMs + t.executionMs);
        shape = planShape(t.plan);
      }
      const page = await client.query(c.sql, c.values);
      out.push({ reader: key, filter: name, median: summarise(times).median, shape, rows: page.rowCount ?? 0 });
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const runs = Number(args.flags.get('runs') ?? 300);
  const warmup = Number(args.flags.get('warmup') ?? 30);
  const sampleSize = Number(args.flags.get('sample') ?? 200);
  const rounds = Math.max(1, Number(args.flags.get('rounds') ?? 5));
  const client = new Client({ connectionString: args.databaseUrl });
  // Rows come back as text, unparsed: the client-timed figure is the database's answer, not node-pg's parsing.
  const raw = new Client({ connectionString: args.databaseUrl, types: { getTypeParser: () => (value: string) => value } });
  await Promise.all([client.connect(), raw.connect()]);
  try {
    const now = new Date();
    const policy = new PolicyService(new Clock());
    const readers = await loadReaders(client);
    const cases = feedCases(policy, readers, now);

    for (let i = 0; i < warmup; i++) for (const c of cases) await raw.query(c.sql, c.values);

    // Interleaved round-robin: the machine's noise falls on every case alike.
    const server = new Map<string, number[]>(cases.map((c) => [c.key, []]));
    const execution = new Map<string, number[]>(cases.map((c) => [c.key, []]));
    const planning = new Map<string, number[]>(cases.map((c) => [c.key, []]));
    const roundTrip = new Map<string, number[]>(cases.map((c) => [c.key, []]));
    const shapes = new Map<string, string>();
    const rowsBack = new Map<string, number>();
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const t = await serverTimes(client, c);
        server.get(c.key)!.push(t.planningMs + t.executionMs);
        planning.get(c.key)!.push(t.planningMs);
        execution.get(c.key)!.push(t.executionMs);
        shapes.set(c.key, planShape(t.plan));
      }
    }
    // Round trips in a phase of their own: receiving rows keeps this process busy on a 2-core machine.
    for (let i = 0; i < runs; i++) {
      for (const c of cases) {
        const start = process.hrtime.bigint();
        const result = await raw.query(c.sql, c.values);
        roundTrip.get(c.key)!.push(millisecondsSince(start));
        rowsBack.set(c.key, result.rowCount ?? 0);
      }
    }
    const plans: Record<string, string> = {};
    for (const c of cases) {
      const text = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${c.sql}`, c.values);
      plans[c.key] = text.rows.map((r) => r['QUERY PLAN']).join('\n');
    }
    const sample = sampleSize > 0 ? await sampleReaders(client, policy, now, sampleSize) : null;
    const filterRuns = Number(args.flags.get('filter-runs') ?? 15);
    const filtered = filterRuns > 0 ? await filteredPages(client, policy, readers, now, filterRuns) : [];

    // BENCHMARKS.md: on this shared, noisy machine a figure is the median over repeated runs. The
    // runs (interleaved, so chunk k of every case covers the same stretch of time) are cut into
    // `rounds` rounds; each figure is the median over the rounds of that round's median or p95.
    const overRounds = (samples: number[]) => {
      const size = Math.ceil(samples.length / rounds);
      const perRound = Array.from({ length: rounds }, (_, r) => summarise(samples.slice(r * size, (r + 1) * size)));
      const mid = (values: number[]) => summarise(values).median;
      return {
        median: mid(perRound.map((x) => x.median)),
        p95: mid(perRound.map((x) => x.p95)),
        worstRoundP95: Math.max(...perRound.map((x) => x.p95)),
      };
    };
    const stats = (key: string) => {
      const s = overRounds(server.get(key)!);
      const e = overRounds(execution.get(key)!);
      const rt = overRounds(roundTrip.get(key)!);
      return {
        median: s.median,
        p95: s.p95,
        worstRoundP95: s.worstRoundP95,
        executionMedian: e.median,
        executionP95: e.p95,
        roundTripMedian: rt.median,
        roundTripP95: rt.p95,
      };
    };
    const summary = Object.fromEntries(cases.map((c) => [c.key, stats(c.key)]));
    const readerKeys = READER_CLASSES.map(([k]) => k);
    const ratio = (a: number, b: number) => Math.round((a / b) * 100) / 100;
    const worstP95 = Math.max(...readerKeys.map((k) => summary[k].p95));
    const result = {
      benchmark: 'feed',
      scale: args.scale.name,
      runs,
      rounds,
      unit: 'ms, in the database: planning + execution (EXPLAIN ANALYZE, TIMING OFF); roundTrip = client-timed, rows unparsed',
      baseline: summary.baseline,
      classes: Object.fromEntries(readerKeys.map((k) => [k, summary[k]])),
      ratioTypicalToBaseline: ratio(summary.typicalMember.median, summary.baseline.median),
      executionRatioTypicalToBaseline: ratio(summary.typicalMember.executionMedian, summary.baseline.executionMedian),
      roundTripRatioTypicalToBaseline: ratio(summary.typicalMember.roundTripMedian, summary.baseline.roundTripMedian),
      plans: Object.fromEntries(cases.map((c) => [c.key, shapes.get(c.key)])),
      sample: sample && { readers: sample.readers, median: sample.median, worstMedian: sample.worstMedian, shapes: sample.shapes },
      filtered: filtered.map((f) => ({ reader: f.reader, filter: f.filter, median: f.median, rows: f.rows, plan: f.shape })),
      target: {
        p95AtMost5ms: worstP95 <= 5,
        typicalAtMost10xBaseline: summary.typicalMember.median / summary.baseline.median <= 10,
      },
    };
    writeBenchFile(`feed-${args.scale.name}.json`, {
      ...result,
      rows: Object.fromEntries(rowsBack),
      sampleWorst: sample?.worst,
      samples: {
        server: Object.fromEntries(server),
        planning: Object.fromEntries(planning),
        execution: Object.fromEntries(execution),
        roundTrip: Object.fromEntries(roundTrip),
      },
      at: now.toISOString(),
    });
    writeBenchFile(
      `feed-${args.scale.name}-plans.txt`,
      cases.map((c) => `## ${c.label} (${c.key})\n${c.sql}\n-- values: ${JSON.stringify(c.values)}\n\n${plans[c.key]}\n`).join('\n'),
    );
    console.log(JSON.stringify(result));
    const fmt = (k: string) => `${summary[k].median} / ${summary[k].p95}`;
    recordResult({
      id: `feed (${args.scale.name})`,
      command: `npm run bench:feed -- --scale ${args.scale.name}`,
      result:
        `median / p95 (each the median over ${rounds} rounds) of ${runs} warm runs, in the database (planning + execution): ` +
        READER_CLASSES.map(([k, label]) => `${label} ${fmt(k)}`).join('; ') +
        `; unfiltered indexed page ${fmt('baseline')}. Typical member ${result.ratioTypicalToBaseline}× the unfiltered page ` +
        `(execution only ${result.executionRatioTypicalToBaseline}×; client round trip ${summary.typicalMember.roundTripMedian} vs ` +
        `${summary.baseline.roundTripMedian}, ${result.roundTripRatioTypicalToBaseline}×).` +
        (sample
          ? ` ${sample.readers} sampled people: median ${sample.median}, worst ${sample.worstMedian}; plans ${JSON.stringify(sample.shapes)}.`
          : '') +
        (filtered.length
          ? ` Filtered pages (no target), median: ` +
            filtered
              .map((f) => `${f.reader === 'typicalMember' ? 'typical' : 'non-member municipality'}, ${f.filter} ${f.median}`)
              .join('; ') +
            '.'
          : ''),
    });
  } finally {
    await Promise.all([client.end(), raw.end()]);
  }
}

if (require.main === module) runMain(main);
