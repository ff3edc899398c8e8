import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findFreePort, redactUrl, redisAnswersPing, waitUntil } from './net';
import { isPidAlive, isRunning, ownerIsGone, readOwnerPid, stopChild, stopPid, tailOfFile, writeOwnerPid } from './processes';
import { ServiceUnavailableError, type EnsureServiceOptions, type RunningService } from './types';

const LOCAL_HOST = '127.0.0.1';
const LOCAL_PORT = 6379;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;

const NO_REDIS_MESSAGE = [
  'Redis is needed, and none was found: REDIS_URL is not set, there is no redis-server on PATH',
  `and nothing answers on ${LOCAL_HOST}:${LOCAL_PORT}. Any one of these fixes it:`,
  '  apt install redis-server          (Debian, Ubuntu)',
  '  brew install redis                (macOS)',
  `  docker compose up -d redis        (a container answering on ${LOCAL_HOST}:${LOCAL_PORT})`,
  'or set REDIS_URL to a Redis server you run yourself.',
].join('\n');

/**
 * A Redis server to use, in this order (RUNNING.md): REDIS_URL; in test mode the local server on
 * 127.0.0.1:6379 when it answers PING; a redis-server from PATH started on a free port with its
 * files in `.data/redis` (nothing persisted); in dev mode, failing that, the local server.
 */
export async function ensureRedis(options: EnsureServiceOptions): Promise<RunningService> {
  const rootDir = options.rootDir ?? process.cwd();
  const env = options.env ?? process.env;
  const log = options.log ?? ((message: string) => console.log(`[redis] ${message}`));

  const fromEnvironment = env.REDIS_URL?.trim();
  if (fromEnvironment) {
    return {
      url: fromEnvironment,
      origin: 'environment',
      description: `Redis from REDIS_URL (${redactUrl(fromEnvironment)})`,
      stop: () => Promise.resolve(),
    };
  }
  const local: RunningService = {
    url: `redis://${LOCAL_HOST}:${LOCAL_PORT}`,
    origin: 'local',
    description: `local Redis on ${LOCAL_HOST}:${LOCAL_PORT}`,
    stop: () => Promise.resolve(),
  };
  if (options.mode === 'test' && (await redisAnswersPing(LOCAL_HOST, LOCAL_PORT))) return local;

  const serverBinary = findOnPath('redis-server', env.PATH);
  if (serverBinary) {
    return startRedisServer(serverBinary, options.dataDir ?? path.join(rootDir, '.data', 'redis'), log, env);
  }
  // E.g. the container of `docker compose up -d redis`, which the message below suggests.
  if (await redisAnswersPing(LOCAL_HOST, LOCAL_PORT)) {
    log(`no redis-server on PATH; using the Redis answering on ${LOCAL_HOST}:${LOCAL_PORT}`);
    return local;
  }
  throw new ServiceUnavailableError(NO_REDIS_MESSAGE);
}

export function findOnPath(command: string, searchPath = process.env.PATH ?? ''): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, command);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

async function startRedisServer(
  serverBinary: string,
  dataDir: string,
  log: (message: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<RunningService> {
  fs.mkdirSync(dataDir, { recursive: true });
  const pidFile = path.join(dataDir, 'redis.pid');
  const portFile = path.join(dataDir, 'port');
  const logFile = path.join(dataDir, 'redis.log');

  const ownerFile = path.join(dataDir, 'owner');
  const running = await serverLeftRunning(pidFile, portFile);
  if (running) return useRunningServer(running, ownerFile, log);

  const port = await findFreePort();
  const args = [
    '--port',
    String(port),
    '--bind',
    LOCAL_HOST,
    '--dir',
    dataDir,
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
    '--pidfile',
    pidFile,
  ];
  const logFd = fs.openSync(logFile, 'a');
  let server: ChildProcess;
  try {
    // Its own process group, so that a Ctrl-C reaches our apps first and Redis goes last.
    server = spawn(serverBinary, args, { detached: true, stdio: ['ignore', logFd, logFd], env });
  } finally {
    fs.closeSync(logFd);
  }
  server.unref();
  const stopOnExit = (): void => {
    if (isRunning(server)) server.kill('SIGTERM');
  };
  process.on('exit', stopOnExit);

  log(`starting ${serverBinary} on ${LOCAL_HOST}:${port} (log ${logFile})`);
  try {
    await waitUntil('redis-server', () => redisAnswersPing(LOCAL_HOST, port), {
      timeoutMs: START_TIMEOUT_MS,
      failure: () =>
        isRunning(server)
          ? undefined
          : `it exited (${server.exitCode ?? server.signalCode}). Last lines of ${logFile}:\n${tailOfFile(logFile)}`,
    });
  } catch (error) {
    stopOnExit();
    process.removeListener('exit', stopOnExit);
    throw error;
  }
  fs.writeFileSync(portFile, `${port}\n`);
  writeOwnerPid(ownerFile);

  let stopped: Promise<void> | undefined;
  return {
    url: `redis://${LOCAL_HOST}:${port}`,
    origin: 'started',
    description: `redis-server on ${LOCAL_HOST}:${port}`,
    stop: () =>
      (stopped ??= (async () => {
        process.removeListener('exit', stopOnExit);
        await stopChild(server, 'SIGTERM', STOP_TIMEOUT_MS);
        fs.rmSync(portFile, { force: true });
        fs.rmSync(ownerFile, { force: true });
        log('redis-server stopped');
      })()),
  };
}

interface RunningServer {
  pid: number;
  port: number;
}

/** A redis-server that another run started here and that still answers. */
async function serverLeftRunning(pidFile: string, portFile: string): Promise<RunningServer | undefined> {
  try {
    const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
    const port = Number(fs.readFileSync(portFile, 'utf8').trim());
    if (isPidAlive(pid) && Number.isInteger(port) && (await redisAnswersPing(LOCAL_HOST, port))) return { pid, port };
  } catch {
    // no such files: nothing was left running
  }
  return undefined;
}

/** Shares the server of a run that still goes on; adopts (and later stops) one whose run is gone. */
function useRunningServer(running: RunningServer, ownerFile: string, log: (message: string) => void): RunningService {
  const url = `redis://${LOCAL_HOST}:${running.port}`;
  if (!ownerIsGone(ownerFile)) {
    log(`sharing the redis-server on ${LOCAL_HOST}:${running.port} that pid ${readOwnerPid(ownerFile)} runs`);
    return {
      url,
      origin: 'reused',
      description: `redis-server on ${LOCAL_HOST}:${running.port} (run by pid ${readOwnerPid(ownerFile)})`,
      stop: () => Promise.resolve(),
    };
  }
  log(`adopting the redis-server on ${LOCAL_HOST}:${running.port} that an earlier run left behind`);
  writeOwnerPid(ownerFile);
  let stopped: Promise<void> | undefined;
  return {
    url,
    origin: 'reused',
    description: `redis-server on ${LOCAL_HOST}:${running.port} (left behind by an earlier run)`,
    stop: () =>
      (stopped ??= (async () => {
        await stopPid(running.pid, 'SIGTERM', STOP_TIMEOUT_MS);
        fs.rmSync(ownerFile, { force: true });
        log('redis-server stopped');
      })()),
  };
}
