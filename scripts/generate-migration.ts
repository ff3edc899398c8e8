// `npm run migration:generate -- <Name>`: writes a migration with the difference between the
// entities and a database that has every existing migration applied. That database is DATABASE_URL
// when set, otherwise the embedded development database of `npm run dev` (.data/postgres).
import * as path from 'node:path';
import { ensurePostgres, ServiceUnavailableError } from './services';
import { CommandFailedError, findRepoRoot, packageBin, runCommand } from './lib/commands';
import { Shutdown } from './lib/shutdown';

const rootDir = findRepoRoot(__dirname);
const MIGRATIONS_DIR = path.join('libs', 'platform', 'src', 'database', 'migrations');
const DATA_SOURCE = path.join('dist', 'libs', 'database-entities', 'src', 'data-source.js');
const MIGRATE_SCRIPT = path.join('dist', 'libs', 'platform', 'src', 'database', 'migrate.js');

const log = (message: string): void => console.log(`[migration:generate] ${message}`);
const shutdown = new Shutdown(log);

async function main(): Promise<void> {
  const name = process.argv[2];
  if (!name || !/^[A-Z][A-Za-z0-9]*$/.test(name)) {
    console.error('usage: npm run migration:generate -- <Name>   (PascalCase, e.g. AddAdvisoryTags)');
    process.exit(2);
  }
  shutdown.listenForSignals();

  const postgres = await ensurePostgres({ mode: 'dev', rootDir, database: 'council' });
  shutdown.add('PostgreSQL', () => postgres.stop());
  const env = { ...process.env, DATABASE_URL: postgres.url };
  log(`comparing the entities with ${postgres.description}`);

  const nest = packageBin(rootDir, '@nestjs/cli', 'bin/nest.js');
  await runCommand('nest build api', process.execPath, [nest, 'build', 'api'], { cwd: rootDir, shutdown });
  // The difference must be taken against the schema of every migration written so far.
  await runCommand('migrations', process.execPath, [MIGRATE_SCRIPT], { cwd: rootDir, env, shutdown });
  const typeorm = packageBin(rootDir, 'typeorm', 'cli.js');
  await runCommand(
    'typeorm migration:generate',
    process.execPath,
    [typeorm, 'migration:generate', '--pretty', '-d', DATA_SOURCE, path.join(MIGRATIONS_DIR, name)],
    { cwd: rootDir, env, shutdown },
  );
  log(
    `written to ${MIGRATIONS_DIR}/<timestamp>-${name}.ts. Review it, then add its class to MIGRATIONS in ` +
      'libs/platform/src/database/migrations.ts (the DataSource lists migrations as classes, not globs).',
  );
  await shutdown.run(0);
}

main().catch((error: unknown) => {
  if (!shutdown.inProgress) {
    const expected = error instanceof ServiceUnavailableError || error instanceof CommandFailedError;
    console.error(`[migration:generate] ${expected ? (error as Error).message : error instanceof Error ? error.stack : String(error)}`);
  }
  void shutdown.run(1);
});
