import { spawn, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Shutdown } from './shutdown';

/**
 * The repository root: the nearest directory upwards holding nest-cli.json. Found from the script's
 * own location so that it does not matter where the command is run from, nor whether the script
 * runs from scripts/ under ts-node or from dist/scripts/ after `nest build`.
 */
export function findRepoRoot(startDir: string): string {
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'nest-cli.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no nest-cli.json above ${startDir}`);
  }
}

/** The JavaScript file behind a package's command-line tool, to run with this very `node`. */
export function packageBin(rootDir: string, packageName: string, relativePath: string): string {
  // Looked up along node_modules by hand: some packages' "exports" hide their package.json.
  const searchDirs = createRequire(path.join(rootDir, 'package.json')).resolve.paths(packageName) ?? [];
  for (const dir of searchDirs) {
    const candidate = path.join(dir, packageName, relativePath);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(`${packageName} is not installed (run npm ci)`);
}

export function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export class CommandFailedError extends Error {
  override readonly name = 'CommandFailedError';
}

/**
 * Runs a command to completion in our process group, its output going straight to ours (unless
 * `onStdout` takes it). Rejects when it fails. While it runs, a shutdown stops it first.
 */
export function runCommand(
  label: string,
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; shutdown?: Shutdown; onStdout?: (chunk: Buffer) => void },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const spawnOptions: SpawnOptions = {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', options.onStdout ? 'pipe' : 'inherit', 'inherit'],
    };
    const child = spawn(command, args, spawnOptions);
    if (options.onStdout) child.stdout?.on('data', options.onStdout);
    const unregister = options.shutdown?.add(label, () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return Promise.resolve();
    });
    child.once('error', (error) => {
      unregister?.();
      reject(new CommandFailedError(`${label}: could not start ${command}: ${error.message}`));
    });
    child.once('close', (code, signal) => {
      unregister?.();
      if (code === 0) resolve();
      else reject(new CommandFailedError(`${label} ${describeExit(code, signal)}`));
    });
  });
}
