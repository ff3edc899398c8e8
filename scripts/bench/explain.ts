import { Client } from 'pg';
import { ROOT, millisecondsSince, parseArgs, runMain, summarise, writeBenchFile } from './common';
import { graphql, startApiProcess } from './api-process';
import { loadReaders } from './readers';
import { recordResult } from './record';

/**
 * `npm run bench:explain -- --scale small|national [--database-url URL] [--redis-url URL] [--runs 9]`
 *
 * BENCHMARKS.md "explain": "who can see this advisory, and why" for one advisory at national scale,
 * as the secretariat asks it before approving: the `advisoryAccessReport` query over HTTP against
 * the built API (production mode, its own process), for the newest advisory addressed to the whole
 * council with a tear line (every person of the council gets a level and reasons). The answer the
 * secretariat reads: the counts per access level and the first page of 50 organisations with every
 * person's level and reasons (target ≤ 200 ms). Measured beside it, without a target: the counts
 * alone, and the whole report in one response (all 50,000 people with reasons).
 */

const COUNTS_QUERY = `query Counts($id: ID!) {
  advisoryAccessReport(id: $id) { advisoryId counts { full tearLine metadataOnly none } }
}`;

const PAGE_QUERY = `query Explain($id: ID!) {
  advisoryAccessReport(id: $id) {
    advisoryId
    counts { full tearLine metadataOnly none }
    organisationPage(first: 50) {
      items {
        organisation { id name }
        counts { full tearLine metadataOnly none }
        people { access reasons person { id displayName } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}`;

const WHOLE_QUERY = `query Whole($id: ID!) {
  advisoryAccessReport(id: $id) {
    advisoryId
    counts { full tearLine metadataOnly none }
    organisations {
      organisation { id name }
      counts { full tearLine metadataOnly none }
      people { access reasons person { id displayName } }
    }
  }
}`;

interface Report {
  advisoryAccessReport: {
    counts: { full: number; tearLine: number; metadataOnly: number; none: number };
    organisations?: Array<{ people: unknown[] }>;
    organisationPage?: { items: Array<{ people: unknown[] }> };
  } | null;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), 'national');
  const runs = Number(args.flags.get('runs') ?? 9);
  const redisUrl = String(args.flags.get('redis-url') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

  const client = new Client({ connectionString: args.databaseUrl });
  await client.connect();
  const readers = await loadReaders(client);
  const { rows } = await client.query<{ id: string }>(
    `SELECT id FROM advisories
      WHERE status = 'PUBLISHED' AND has_tear_line
        AND cardinality(audience_tiers) = 0 AND cardinality(audience_sectors) = 0
        AND cardinality(audience_regions) = 0 AND cardinality(audience_organisation_ids) = 0
        AND cardinality(audience_person_ids) = 0
      ORDER BY sort_at DESC, id DESC LIMIT 1`,
  );
  await client.end();
  if (rows.length === 0) throw new Error('the data set has no published advisory for the whole council with a tear line');
  const advisoryId = rows[0].id;

  const api = await startApiProcess(ROOT, args.databaseUrl, redisUrl);
  try {
    const token = api.tokenFor(readers.secretariat.id);
    const time = async (query: string): Promise<{ samples: number[]; report: Report }> => {
      let report = await graphql<Report>(api.url, token, query, { id: advisoryId }); // warm-up
      const samples: number[] = [];
      for (let i = 0; i < runs; i++) {
        const start = process.hrtime.bigint();
        report = await graphql<Report>(api.url, token, query, { id: advisoryId });
        samples.push(millisecondsSince(start));
      }
      return { samples, report };
    };
    const counts = await time(COUNTS_QUERY);
    const page = await time(PAGE_QUERY);
    const whole = await time(WHOLE_QUERY);
    const c = page.report.advisoryAccessReport?.counts;
    if (!c) throw new Error('the secretariat got no access report');
    const people = c.full + c.tearLine + c.metadataOnly + c.none;
    const summary = {
      benchmark: 'explain',
      scale: args.scale.name,
      advisoryId,
      people,
      counts: c,
      countsAndFirstPageMs: summarise(page.samples),
      countsOnlyMs: summarise(counts.samples),
      wholeReportMs: summarise(whole.samples),
    };
    writeBenchFile(`explain-${args.scale.name}.json`, summary);
    console.log(JSON.stringify(summary));
    recordResult({
      id: `explain (${args.scale.name})`,
      command: `npm run bench:explain -- --scale ${args.scale.name}`,
      result:
        `advisoryAccessReport over HTTP as the secretariat, one advisory for the whole council with a tear line, ` +
        `${people.toLocaleString('en')} people (FULL ${c.full}, TEAR_LINE ${c.tearLine}, METADATA_ONLY ${c.metadataOnly}, none ${c.none}), ` +
        `median / p95 of ${runs} runs: counts and the first 50 organisations with every person's level and reasons ` +
        `${summary.countsAndFirstPageMs.median} / ${summary.countsAndFirstPageMs.p95} (target ≤ 200); counts only ${summary.countsOnlyMs.median} / ${summary.countsOnlyMs.p95}; ` +
        `the whole report in one response (every person with reasons, no target) ${summary.wholeReportMs.median} / ${summary.wholeReportMs.p95}`,
    });
  } finally {
    await api.stop();
  }
}

runMain(main);
