#!/usr/bin/env node
// `npm start`, the production start (RUNNING.md): after `npm run build`, applies pending
// migrations, then runs the API and the alert worker as two processes until both have stopped.
// Plain JavaScript on purpose: it runs where only production dependencies are installed.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const rootDir = path.resolve(__dirname, '..');
const REQUIRED_SETTINGS = ['DATABASE_URL', 'REDIS_URL', 'COUNCIL_JWT_SECRET'];
const MIGRATE_SCRIPT = 'dist/libs/platform/src/database/migrate.js';
const APPS = { api: 'dist/apps/api/src/main.js', worker: 'dist/apps/worker/src/main.js' };
/** SIGTERM reaches the apps at once; this is how long they get to finish before SIGKILL. */
const STOP_TIMEOUT_MS = 60_000;

const log = (message) => console.log(`[start] ${message}`);

const missingSettings = REQUIRED_SETTINGS.filter((name) => !process.env[name] || !process.env[name].trim());
if (missingSettings.length > 0) {
  console.error(
    `[start] missing required setting${missingSettings.length > 1 ? 's' : ''}: ${missingSettings.join(', ')}.\n` +
      '  DATABASE_URL        PostgreSQL connection string, e.g. postgres://user:password@host:5432/council\n' +
      '  REDIS_URL           Redis connection string, e.g. redis://host:6379\n' +
      '  COUNCIL_JWT_SECRET  a long random signing key, e.g. from: openssl rand -base64 48\n' +
      '(`npm run dev` sets all three up by itself for development.)',
  );
  process.exit(1);
}
const missingFiles = [MIGRATE_SCRIPT, ...Object.values(APPS)].filter((file) => !fs.existsSync(path.join(rootDir, file)));
if (missingFiles.length > 0) {
  console.error(`[start] ${missingFiles.join(', ')} not found: run \`npm run build\` first.`);
  process.exit(1);
}

/** Everything running now, so that a stop request reaches it wherever we are. */
const children = new Set();
let stopping = false;

function run(name, file) {
  const child = spawn(process.execPath, [path.join(rootDir, file)], {
    cwd: rootDir,
    env: process.env,
    stdio: ['ignore', 'inherit', 'inherit'],
    // Its own process group: a Ctrl-C reaches only us and the app gets exactly one SIGTERM,
    // since a second signal during its graceful stop could cut short the worker's jobs.
    detached: true,
  });
  children.add(child);
  const exited = new Promise((resolve) => {
    child.once('error', (error) => {
      log(`${name} could not start: ${error.message}`);
      resolve(1);
    });
    child.once('exit', (code, signal) => {
      children.delete(child);
      // Nest re-raises the SIGTERM it handled once its graceful stop is done: that is a clean stop.
      resolve(code ?? (signal === 'SIGTERM' && stopping ? 0 : 1));
    });
  });
  return { name, child, exited };
}

function stopAll(reason) {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping`);
  for (const child of children) {
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS).unref();
  }
}

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => stopAll(signal));
// `npm start` passes a SIGTERM on to the shell running this script, which dies without passing
// it on: we notice by being re-parented.
const parentPid = process.ppid;
setInterval(() => process.ppid !== parentPid && stopAll('parent process exited'), 1_000).unref();
// Should we exit some other way, the apps must not linger in their own process groups.
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));

async function main() {
  log('applying pending migrations');
  const migrationStatus = await run('migrations', MIGRATE_SCRIPT).exited;
  if (migrationStatus !== 0) {
    if (!stopping) log(`migrations failed (exit code ${migrationStatus}): not starting the apps`);
    return stopping ? 0 : migrationStatus;
  }
  if (stopping) return 0;

  const apps = Object.entries(APPS).map(([name, file]) => run(name, file));
  log(`started ${apps.map((app) => `${app.name} (pid ${app.child.pid})`).join(' and ')}`);
  // Either app stopping by itself takes the other down and makes the exit code 1, so that a
  // supervisor notices and restarts the whole.
  let stoppedByItself = false;
  apps.forEach((app) =>
    app.exited.then((code) => {
      log(`${app.name} exited with code ${code}`);
      if (!stopping) stoppedByItself = true;
      stopAll(`${app.name} stopped`);
    }),
  );
  const codes = await Promise.all(apps.map((app) => app.exited));
  return !stoppedByItself && codes.every((code) => code === 0) ? 0 : 1;
}

main().then(
  (exitCode) => process.exit(exitCode),
  (error) => {
    console.error('[start]', error);
    process.exit(1);
  },
);
