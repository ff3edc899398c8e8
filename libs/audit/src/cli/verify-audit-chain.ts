/**
 * `npm run audit:verify`: checks the decision log's hash chain in DATABASE_URL. Exits 0 when every
 * row links, 1 when the chain is broken (naming the first bad row), 2 when it cannot check.
 *
 * Deliberately standalone (pg and the chain code only, relative imports): it runs from a clean
 * clone without a build, and from dist after one, with nothing of the application started.
 */
import { Client } from 'pg';
import { describeVerification, verifyAuditChain } from './pg-audit-chain';

async function main(): Promise<number> {
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error('audit:verify: DATABASE_URL is required');
    return 2;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for the whole walk: rows appended meanwhile neither break nor extend it.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const result = await verifyAuditChain(client);
    await client.query('COMMIT');
    if (result.ok) {
      console.log(`audit:verify: ${describeVerification(result)}`);
      return 0;
    }
    console.error(`audit:verify: ${describeVerification(result)}`);
    return 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit:verify: could not check the chain:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
