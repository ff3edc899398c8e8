// Local PostgreSQL and Redis for `npm run dev`, `npm test` and other scripts (RUNNING.md).
// Import by relative path: these scripts run under ts-node, which does not resolve @app/* aliases.
export { ensurePostgres, createDatabaseIfMissing, LOCAL_POSTGRES_URL, type EnsurePostgresOptions } from './postgres';
export { ensureRedis } from './redis';
export { postgresAnswers, redactUrl, withDatabase, withPgClient, type PgClient } from './net';
export { ServiceUnavailableError, type EnsureServiceOptions, type RunningService, type ServiceMode, type ServiceOrigin } from './types';
