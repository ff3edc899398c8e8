import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * The connection, migrations and pool, without entities: the platform imports no domain library.
 * The applications' modules register their entities themselves (forFeature, autoLoadEntities);
 * a standalone DataSource that needs them all takes @app/database-entities' dataSourceOptions.
 */
export function baseDataSourceOptions(databaseUrl: string): DataSourceOptions {
  return {
    type: 'postgres',
    url: databaseUrl,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    uuidExtension: 'pgcrypto',
    logging: ['error'],
    extra: {
      max: Number(process.env.COUNCIL_DB_POOL_SIZE ?? 20),
      // A server that does not answer (restarting, network partition) fails a request in 5 s instead
      // of holding it for ever; TCP keep-alive finds connections a restart left half-open. Dead
      // connections leave the pool on their own error (TypeORM listens), new ones are made on demand.
      connectionTimeoutMillis: Number(process.env.COUNCIL_DB_CONNECT_TIMEOUT_MS ?? 5_000),
      keepAlive: true,
    },
  };
}
