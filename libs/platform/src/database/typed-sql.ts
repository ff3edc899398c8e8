import {
  DummyDriver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type Compilable,
  type CompiledQuery,
  type RawBuilder,
  type Simplify,
  sql,
} from 'kysely';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import type { DB } from './database-types';

/**
 * Kysely as a query builder only: it never connects. Its statements are typed against the `DB`
 * interface generated from the migrations, so a renamed or dropped column fails the build; they
 * run through TypeORM's connections (and so inside its transactions) or a CLI's own pg client.
 * TypeORM is imported for its types only: the audit command-line tools use this over plain pg,
 * without the application.
 */
export const db = new Kysely<DB>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (kysely) => new PostgresIntrospector(kysely),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

/** The part of a node-postgres client (Client, PoolClient) the command-line tools hand over. */
export interface PgQueryable {
  query(sql: string, parameters: unknown[]): Promise<{ rows: unknown[]; rowCount: number | null }>;
}

/** Where typed statements run: TypeORM's pool, a transaction's manager, or a pg client. */
export type SqlTarget = DataSource | EntityManager | PgQueryable;

/** A builder (select, insert, update, delete) or a `sql` template whose row type is declared. */
export type TypedStatement<Row> = Compilable<Row> | RawBuilder<Row>;

export interface TypedSql {
  /** The rows the statement returns (a select, or a write with RETURNING). */
  rows<Row>(statement: TypedStatement<Row>): Promise<Array<Simplify<Row>>>;
  /** The first row, if any. */
  first<Row>(statement: TypedStatement<Row>): Promise<Simplify<Row> | undefined>;
  /** Runs a statement for its effect; the number of rows it touched. */
  execute(statement: TypedStatement<unknown>): Promise<number>;
}

function compile<Row>(statement: TypedStatement<Row>): CompiledQuery<Row> {
  return 'isRawBuilder' in statement ? statement.compile(db) : statement.compile();
}

async function onQueryRunner(target: DataSource | EntityManager, compiled: CompiledQuery<unknown>) {
  // A manager of a transaction carries its query runner; otherwise one is taken from the pool for
  // the statement, as DataSource.query does. The structured result gives rows and the affected
  // count alike for every command (plain query() returns [rows, count] for UPDATE and DELETE).
  const given: QueryRunner | undefined = isDataSource(target) ? undefined : target.queryRunner;
  const dataSource = isDataSource(target) ? target : target.connection;
  const runner = given ?? dataSource.createQueryRunner();
  try {
    const result = await runner.query(compiled.sql, [...compiled.parameters], true);
    return { rows: result.records as unknown[], affected: result.affected ?? 0 };
  } finally {
    if (!given) await runner.release();
  }
}

function isDataSource(target: SqlTarget): target is DataSource {
  return 'createQueryRunner' in target;
}

/** DataSource and EntityManager have repositories; a pg client has none. */
function isTypeOrm(target: SqlTarget): target is DataSource | EntityManager {
  return 'getRepository' in target;
}

async function run(target: SqlTarget, compiled: CompiledQuery<unknown>): Promise<{ rows: unknown[]; affected: number }> {
  if (isTypeOrm(target)) return onQueryRunner(target, compiled);
  const result = await target.query(compiled.sql, [...compiled.parameters]);
  return { rows: result.rows, affected: result.rowCount ?? 0 };
}

/** Runs Kysely-typed statements on `target`, returning rows of the statement's own result type. */
export function typedSql(target: SqlTarget): TypedSql {
  return {
    async rows<Row>(statement: TypedStatement<Row>) {
      return (await run(target, compile(statement))).rows as Array<Simplify<Row>>;
    },
    async first<Row>(statement: TypedStatement<Row>) {
      const [row] = (await run(target, compile(statement))).rows as Array<Simplify<Row>>;
      return row;
    },
    async execute(statement: TypedStatement<unknown>) {
      return (await run(target, compile(statement))).affected;
    },
  };
}

/**
 * Takes the transaction-scoped advisory lock `key` (pg_advisory_xact_lock): held until the
 * transaction ends, it serialises the callers of one critical section across replicas.
 */
export function advisoryTransactionLock(key: number) {
  return db.selectNoFrom(sql<void>`pg_advisory_xact_lock(${key})`.as('locked'));
}
