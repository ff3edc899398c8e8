import type { DataSourceOptions } from 'typeorm';
import { loadDatabasePoolSettings } from '../config/service-settings';
import { MIGRATIONS } from './migrations';

/**
 * The connection, migrations and pool, without entities: the platform imports no domain library.
 * The applications' modules register their entities themselves (forFeature, autoLoadEntities);
 * a standalone DataSource that needs them all takes @app/database-entities' dataSourceOptions.
 */
export function baseDataSourceOptions(databaseUrl: string): DataSourceOptions {
  const pool = loadDatabasePoolSettings();
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
      max: pool.size,
      // A server that does not answer (restarting, network partition) fails a request in 5 s instead
      // of holding it for ever; TCP keep-alive finds connections a restart left half-open. Dead
      // connections leave the pool on their own error (TypeORM listens), new ones are made on demand.
      connectionTimeoutMillis: pool.connectTimeoutMs,
      keepAlive: true,
    },
  };
}
