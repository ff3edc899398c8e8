// `npm run migrate`: applies pending migrations to DATABASE_URL.
import { runMigrations } from './run-migrations';
import { loadCommandLineSettings } from '../config/command-line-settings';

const { databaseUrl } = loadCommandLineSettings();
if (!databaseUrl) {
  console.error('DATABASE_URL is required');
  process.exit(1);
}
runMigrations(databaseUrl).then(
  (applied) => {
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'migrations: up to date');
  },
  (error: unknown) => {
    console.error('migration failed:', error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
