// `npm run dev`: the whole platform on one machine with nothing configured (RUNNING.md).
// PostgreSQL and Redis (embedded / started here unless DATABASE_URL / REDIS_URL say otherwise),
// a build of the whole repo, migrations, the API and the alert worker, and the demo seed once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensurePostgres, ensureRedis, ServiceUnavailableError, type RunningService } from './services';
import { stopChild } from './services/processes';
import { CommandFailedError, describeExit, findRepoRoot, packageBin, runCommand } from './lib/commands';
import { seedDemoOnce, SEED_SCRIPT, type SeedOutcome } from './lib/demo-seed';
import { Shutdown } from './lib/shutdown';

const rootDir = findRepoRoot(__dirname);
const dataDir = path.join(rootDir, '.data');
const DEV_DATABASE = 'council';
const APP_ENTRY_POINTS = {
  api: path.join('dist', 'apps', 'api', 'src', 'main.js'),
  worker: path.join('dist', 'apps', 'worker', 'src', 'main.js'),
} as const;
const CONSOLE_VITE_CONFIG = path.join('apps', 'console', 'vite.config.mts');
const MIGRATE_SCRIPT = path.join('dist', 'libs', 'platform', 'src', 'database', 'migrate.js');
/** The worker may be finishing in-flight jobs when asked to stop (RUNNING.md): give it time. */
const APP_STOP_TIMEOUT_MS = 30_000;
const READINESS_TIMEOUT_MS = 60_000;

const log = (message: string): void => console.log(`[dev] ${message}`);
const shutdown = new Shutdown(log);

interface RunningApp {
  name: keyof typeof APP_ENTRY_POINTS;
  child: ChildProcess;
  exited: Promise<void>;
}

async function main(): Promise<void> {
  shutdown.listenForSignals();
  shutdown.stopWhenOrphaned();
  fs.mkdirSync(dataDir, { recursive: true });

  log('starting PostgreSQL and Redis, building the app (nest build api) and the web console (vite build)');
  const [postgres, redis] = await startServicesWhileBuilding();
  log(`PostgreSQL: ${postgres.description}`);
  log(`Redis:      ${redis.description}`);

  const port = Number(process.env.PORT || 3000);
  const appEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: process.env.NODE_ENV || 'development',
    DATABASE_URL: postgres.url,
    REDIS_URL: redis.url,
    PORT: String(port),
    COUNCIL_JWT_SECRET: process.env.COUNCIL_JWT_SECRET || devJwtSecret(),
    // Lets developers point webhooks at http://localhost receivers; an explicit setting wins.
    COUNCIL_ALLOW_INSECURE_WEBHOOKS: process.env.COUNCIL_ALLOW_INSECURE_WEBHOOKS || 'true',
  };

  await runCommand('migrations', process.execPath, [path.join(rootDir, MIGRATE_SCRIPT)], {
    cwd: rootDir,
    env: appEnv,
    shutdown,
  });

  const apps = (Object.keys(APP_ENTRY_POINTS) as Array<keyof typeof APP_ENTRY_POINTS>).map((name) => startApp(name, appEnv));
  // One step for both, so that they stop side by side, before the services they use.
  shutdown.add('the API and the worker', async () => {
    await Promise.all(apps.map((app) => stopChild(app.child, 'SIGTERM', APP_STOP_TIMEOUT_MS)));
  });
  shutdown.onHurry(() => apps.forEach((app) => app.child.kill('SIGKILL')));
  superviseApps(apps);

  const seed = await seedDemoOnce({ rootDir, databaseUrl: postgres.url, env: appEnv, shutdown, log });
  if (seed.kind === 'no-seed-script') log(`no demo seed yet (${SEED_SCRIPT} does not exist): skipped`);
  if (seed.kind === 'failed') log(`the demo seed failed (${seed.reason}); it will be tried again at the next start`);
  const apiReady = await waitForApiReady(port, apps[0]);
  if (!shutdown.inProgress) printSummary({ port, apiReady, postgres, redis, seed });
}

/** Services and the build are independent: doing them at once saves seconds at every start. */
async function startServicesWhileBuilding(): Promise<[RunningService, RunningService]> {
  const build = runCommand('nest build api', process.execPath, [packageBin(rootDir, '@nestjs/cli', 'bin/nest.js'), 'build', 'api'], {
    cwd: rootDir,
    shutdown,
  });
  // The API serves the built console (dist/console) under /console/.
  const consoleBuild = runCommand(
    'vite build (console)',
    process.execPath,
    [packageBin(rootDir, 'vite', 'bin/vite.js'), 'build', '--config', CONSOLE_VITE_CONFIG, '--logLevel', 'warn'],
    {
      cwd: rootDir,
      shutdown,
    },
  );
  const postgres = ensurePostgres({ mode: 'dev', rootDir, database: DEV_DATABASE }).then(registerStop('PostgreSQL'));
  const redis = ensureRedis({ mode: 'dev', rootDir }).then(registerStop('Redis'));
  // Wait for all of them even when one fails, so that nothing is left half started.
  const [buildResult, consoleResult, postgresResult, redisResult] = await Promise.allSettled([build, consoleBuild, postgres, redis]);
  for (const result of [postgresResult, redisResult, buildResult, consoleResult]) {
    if (result.status === 'rejected') throw result.reason;
  }
  return [(postgresResult as PromiseFulfilledResult<RunningService>).value, (redisResult as PromiseFulfilledResult<RunningService>).value];
}

function registerStop(name: string): (service: RunningService) => RunningService {
  return (service) => {
    shutdown.add(name, () => service.stop());
    return service;
  };
}

/** A random signing key, kept in .data/dev-secret so that tokens survive a restart of `npm run dev`. */
function devJwtSecret(): string {
  const secretFile = path.join(dataDir, 'dev-secret');
  try {
    const existing = fs.readFileSync(secretFile, 'utf8').trim();
    if (existing) return existing;
  } catch {
    // first run
  }
  const secret = randomBytes(48).toString('base64url');
  fs.writeFileSync(secretFile, `${secret}\n`, { mode: 0o600 });
  log(`generated a JWT signing key in ${path.relative(rootDir, secretFile)}`);
  return secret;
}

function startApp(name: keyof typeof APP_ENTRY_POINTS, env: NodeJS.ProcessEnv): RunningApp {
  const child = spawn(process.execPath, ['--enable-source-maps', path.join(rootDir, APP_ENTRY_POINTS[name])], {
    cwd: rootDir,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: a Ctrl-C reaches only us, and we send the one SIGTERM the app expects
    // (a second signal during its graceful stop could cut short the worker's in-flight jobs).
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Should we ourselves exit without stopping it, it must not linger in its own process group.
  const stopOnExit = (): void => void child.kill('SIGTERM');
  process.on('exit', stopOnExit);
  child.once('exit', () => process.removeListener('exit', stopOnExit));
  log(`started ${name} (pid ${child.pid}): node ${APP_ENTRY_POINTS[name]}`);
  return { name, child, exited };
}

/** Reports an app that stops by itself; once none is left, stops the services and exits. */
function superviseApps(apps: RunningApp[]): void {
  for (const app of apps) {
    app.child.once('exit', (code, signal) => {
      if (shutdown.inProgress) return;
      log(`${app.name} ${describeExit(code, signal)}`);
    });
  }
  void Promise.all(apps.map((app) => app.exited)).then(() => {
    if (shutdown.inProgress) return;
    const allClean = apps.every((app) => app.child.exitCode === 0);
    log('the API and the worker have both stopped; stopping the services');
    void shutdown.run(allClean ? 0 : 1);
  });
}

/** Polls /health/ready until it answers 200, the API exits, or we give up. */
async function waitForApiReady(port: number, api: RunningApp): Promise<boolean> {
  const deadline = Date.now() + READINESS_TIMEOUT_MS;
  while (Date.now() < deadline && !shutdown.inProgress && api.child.exitCode === null && api.child.signalCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/health/ready`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return true;
    } catch {
      // not listening yet
    }
    await sleep(500);
  }
  return false;
}

function printSummary(summary: {
  port: number;
  apiReady: boolean;
  postgres: RunningService;
  redis: RunningService;
  seed: SeedOutcome;
}): void {
  const base = `http://localhost:${summary.port}`;
  const lines = [
    '',
    '━━━ Council platform (development) ━━━',
    `Console:      ${base}/console/   (日本語 / English)`,
    `GraphQL:      ${base}/graphql`,
    `Readiness:    ${base}/health/ready${summary.apiReady ? '' : '   (not ready yet: see the API output above)'}`,
    `DATABASE_URL: ${summary.postgres.url}`,
    `REDIS_URL:    ${summary.redis.url}`,
  ];
  switch (summary.seed.kind) {
    case 'seeded':
    case 'already-seeded':
      lines.push('Demo accounts (from the demo seed):', ...summary.seed.output.split('\n').map((line) => `  ${line}`));
      break;
    case 'no-seed-script':
      lines.push(`Demo seed:    none yet (${SEED_SCRIPT} does not exist), so no demo accounts`);
      break;
    case 'failed':
      lines.push(`Demo seed:    FAILED (${summary.seed.reason}); it will be tried again at the next start`);
      break;
  }
  lines.push('Ctrl-C stops the API, the worker and the services this command started.', '');
  console.log(lines.join('\n'));
}

main().catch((error: unknown) => {
  // A step cut short by a Ctrl-C fails too; that is no news.
  if (!shutdown.inProgress) {
    const expected = error instanceof ServiceUnavailableError || error instanceof CommandFailedError;
    console.error(`[dev] ${expected ? (error as Error).message : error instanceof Error ? error.stack : String(error)}`);
  }
  void shutdown.run(1);
});
