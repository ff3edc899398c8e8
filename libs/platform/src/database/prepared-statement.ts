import type { DataSource } from 'typeorm';

/** The part of node-postgres' pooled client a named prepared statement needs. */
interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a named prepared statement on a connection of the DataSource's pool: each connection parses
 * and plans it once. The connection comes from a QueryRunner's public connect(), which hands out
 * the pooled pg client, so nothing reads TypeORM's private driver fields.
 */
export async function runPreparedStatement<Row>(dataSource: DataSource, name: string, text: string, values: unknown[]): Promise<Row[]> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as PgClient;
    return (await client.query({ name, text, values })).rows as Row[];
  } finally {
    await runner.release();
  }
}
