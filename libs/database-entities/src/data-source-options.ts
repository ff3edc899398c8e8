import type { DataSourceOptions } from 'typeorm';
import { baseDataSourceOptions } from '@app/platform/database/data-source-options';
import { ENTITIES } from './entities';

/** A standalone DataSource's options (CLI, scripts, tests): the platform's connection with every entity. */
export function dataSourceOptions(databaseUrl: string): DataSourceOptions {
  return { ...baseDataSourceOptions(databaseUrl), entities: ENTITIES };
}
