// The DataSource for the TypeORM CLI (migration:run, migration:generate).
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from './data-source-options';
import { loadCommandLineSettings } from '@app/platform/config/command-line-settings';

const { databaseUrl } = loadCommandLineSettings();
if (!databaseUrl) throw new Error('DATABASE_URL is required');

export default new DataSource(dataSourceOptions(databaseUrl));
