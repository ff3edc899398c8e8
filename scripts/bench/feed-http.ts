import autocannon from 'autocannon';
import { Client } from 'pg';
import { ROOT, parseArgs, runMain, writeBenchFile } from './common';
import { graphql, startApiProcess } from './api-process';
import { loadReaders } from './readers';
import { recordResult } from './record';

/**
 * `npm run bench:feed-http -- --scale small|national [--database-url URL] [--redis-url URL]
 *   [--connections 20] [--duration 20] [--rounds 3] [--readers 200] [--feed-cache on|off]
 *   [--change-every-ms N]`
 *
 * BENCHMARKS.md "feed-http": `advisories(first: 50)` over HTTP against the built API in production
 * mode (its own process), many readers at once: autocannon with 20 connections for 20 s, every
 * request signed in as the next of a deterministic sample of people of every kind (plus the five
 * reader classes of "feed"). Targets: ≥ 1,000 requests/s and p99 ≤ 100 ms. Rounds are run back to
 * back; the figures are their medians.
 *
 * `--feed-cache off` runs the API with COUNCIL_FEED_CACHE_MB=0 (every page built afresh);
 * `--change-every-ms N` edits one advisory every N ms during the rounds, as a council publishing
 * meanwhile would, so that cached pages keep going out of date. Each variant has its own row.
 */

const FEED_QUERY = `query Feed {
  advisories(first: 50) {
    edges { cursor node { id access status severity classification tlp title summary publishedAt updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2), 'national');
  const connections = Number(args.flags.get('connections') ?? 20);
  const duration = Number(args.flags.get('duration') ?? 20);
  const rounds = Number(args.flags.get('rounds') ?? 3);
  const sampleSize = Number(args.flags.get('readers') ?? 200);
  const redisUrl = String(args.flags.get('redis-url') ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  const feedCache = String(args.flags.get('feed-cache') ?? 'on');
  if (feedCache !== 'on' && feedCache !== 'off') throw new Error('--feed-cache is on or off');
  const changeEveryMs = Number(args.flags.get('change-every-ms') ?? 0);
  const variant = [
    feedCache === 'off' ? 'feed cache off' : null,
    changeEveryMs > 0 ? `an advisory changed every ${changeEveryMs} ms` : null,
  ]
    .filter(Boolean)
    .join(', ');

  const client = new Client({ connectionString: args.databaseUrl });
  await client.connect();
  const classes = await loadReaders(client);
  const { rows } = await client.query<{ id: string }>(
    `SELECT p.id FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id
      WHERE p.active AND NOT ('AUDITOR' = ANY(p.roles)) ORDER BY md5(p.id::text) LIMIT $1`,
    [sampleSize],
  );
  const readerIds = [...Object.values(classes).map((r) => r.id), ...rows.map((r) => r.id)];

  const api = await startApiProcess(ROOT, args.databaseUrl, redisUrl, feedCache === 'off' ? { COUNCIL_FEED_CACHE_MB: '0' } : {});
  let changer: NodeJS.Timeout | null = null;
  try {
    const tokens = readerIds.map((id) => api.tokenFor(id));
    // Every reader's page must work before it is timed (and this warms the caches alike).
    let items = 0;
    for (const token of tokens) {
      const data = await graphql<{ advisories: { edges: unknown[] } }>(api.url, token, FEED_QUERY);
      items += data.advisories.edges.length;
    }
    const body = JSON.stringify({ query: FEED_QUERY, operationName: 'Feed' });
    const results: Array<{ rps: number; p50: number; p99: number; non2xx: number; errors: number; requests: number }> = [];
    let changes = 0;
    if (changeEveryMs > 0) {
      // The newest published advisory is edited in place (its updated_at): every feed page is stale.
      changer = setInterval(() => {
        changes++;
        void client.query(
          `UPDATE advisories SET updated_at = now() WHERE id = (SELECT id FROM advisories WHERE status = 'PUBLISHED' ORDER BY sort_at DESC LIMIT 1)`,
        );
      }, changeEveryMs);
    }
    for (let round = 0; round < rounds; round++) {
      let next = round * 7;
      const result = await autocannon({
        url: `${api.url}/graphql`,
        connections,
        duration,
        requests: [
          {
            method: 'POST',
            setupRequest: (request) => ({
              ...request,
              headers: {
                'content-type': 'application/json',
                authorization: `Bearer ${tokens[next++ % tokens.length]}`,
              },
              body,
            }),
          },
        ],
      });
      results.push({
        rps: result.requests.average,
        p50: result.latency.p50,
        p99: result.latency.p99,
        non2xx: result.non2xx,
        errors: result.errors + result.timeouts,
        requests: result.requests.total,
      });
    }
    if (changer) clearInterval(changer);
    const summary = {
      benchmark: 'feed-http',
      scale: args.scale.name,
      feedCache,
      changes,
      connections,
      durationSeconds: duration,
      rounds,
      readers: tokens.length,
      itemsPerPageAverage: Math.round((items / tokens.length) * 10) / 10,
      medianRequestsPerSecond: Math.round(median(results.map((r) => r.rps))),
      medianP50Ms: median(results.map((r) => r.p50)),
      medianP99Ms: median(results.map((r) => r.p99)),
      non2xx: results.reduce((sum, r) => sum + r.non2xx, 0),
      errors: results.reduce((sum, r) => sum + r.errors, 0),
      rounds_: results,
    };
    writeBenchFile(
      `feed-http-${args.scale.name}${feedCache === 'off' ? '-cache-off' : ''}${changeEveryMs > 0 ? '-changing' : ''}.json`,
      summary,
    );
    const { rounds_: _raw, ...line } = summary;
    console.log(JSON.stringify(line));
    const flags = `${feedCache === 'off' ? ' --feed-cache off' : ''}${changeEveryMs > 0 ? ` --change-every-ms ${changeEveryMs}` : ''}`;
    recordResult({
      id: `feed-http (${args.scale.name}${variant ? `, ${variant}` : ''})`,
      command: `npm run bench:feed-http -- --scale ${args.scale.name}${flags}`,
      result:
        `advisories(first: 50) over HTTP, built API in production mode, ${connections} connections × ${duration} s, ` +
        `${tokens.length} readers in turn (avg ${summary.itemsPerPageAverage} items a page), medians of ${rounds} rounds: ` +
        `${summary.medianRequestsPerSecond} requests/s (target ≥ 1000), p50 ${summary.medianP50Ms}, p99 ${summary.medianP99Ms} (target ≤ 100); ` +
        `${summary.non2xx} non-2xx, ${summary.errors} errors`,
    });
  } finally {
    if (changer) clearInterval(changer);
    await api.stop();
    await client.end();
  }
}

runMain(main);
