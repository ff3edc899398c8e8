/**
 * The Chromium the console's browser tests drive: Debian's package (issue 8), never a bundled
 * download. `npm test` must work on a fresh clone, so global setup installs the package when it
 * can; otherwise the browser tests fail with one line saying what to install.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.COUNCIL_CHROMIUM || DEBIAN_CHROMIUM;
}

export function missingChromiumMessage(path: string): string {
  return path === DEBIAN_CHROMIUM
    ? `Chromium is missing at ${path}: the console's browser tests need Debian's chromium package (as root: apt-get install chromium), or COUNCIL_CHROMIUM set to a Chromium binary.`
    : `Chromium is missing at ${path} (COUNCIL_CHROMIUM): the console's browser tests need a Chromium binary there, or COUNCIL_CHROMIUM unset to use Debian's chromium package.`;
}

export interface ChromiumSituation {
  /** The binary is there. */
  exists: boolean;
  /** COUNCIL_CHROMIUM names another binary: the person chose it, so nothing is installed for them. */
  custom: boolean;
  isRoot: boolean;
  hasAptGet: boolean;
}

export type ChromiumPlan = 'use' | 'install' | 'report-missing';

export function planChromium(situation: ChromiumSituation): ChromiumPlan {
  if (situation.exists) return 'use';
  if (!situation.custom && situation.isRoot && situation.hasAptGet) return 'install';
  return 'report-missing';
}

/** The test files that drive the browser (they import console-browser.ts). */
function browserTestFiles(rootDir: string): string[] {
  const folder = join(rootDir, 'test', 'console');
  return readdirSync(folder)
    .filter((file) => file.endsWith('.spec.ts'))
    .map((file) => join(folder, file))
    .filter((file) => readFileSync(file, 'utf8').includes('./console-browser'));
}

export interface TestPathFilter {
  isSet(): boolean;
  toExecutor(options: { rootDir: string }): { isMatch(path: string): boolean };
}

/**
 * Installs Debian's chromium when this run includes a browser test, the binary is missing and we
 * may (root, apt-get): a minute once per machine. When we may not, the browser tests say what to do.
 */
export function ensureChromium(options: { rootDir: string; testPathPatterns?: TestPathFilter; log: (message: string) => void }): void {
  const path = chromiumPath();
  const patterns = options.testPathPatterns;
  if (patterns?.isSet()) {
    const executor = patterns.toExecutor({ rootDir: options.rootDir });
    if (!browserTestFiles(options.rootDir).some((file) => executor.isMatch(file))) return;
  }
  const plan = planChromium({
    exists: existsSync(path),
    custom: path !== DEBIAN_CHROMIUM,
    isRoot: process.getuid?.() === 0,
    hasAptGet: spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0,
  });
  if (plan === 'use') return;
  if (plan === 'report-missing') {
    options.log(missingChromiumMessage(path));
    return;
  }
  options.log(`Chromium is missing at ${path}: installing Debian's chromium package for the console's browser tests`);
  const install = spawnSync('sh', ['-c', 'apt-get update -qq && apt-get install -y -qq chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
  });
  if (install.status !== 0 || !existsSync(path)) {
    const output = `${install.stdout ?? ''}${install.stderr ?? ''}`.trim().split('\n').slice(-5).join('\n');
    options.log(`installing chromium failed (exit ${install.status ?? install.signal}): ${missingChromiumMessage(path)}\n${output}`);
  }
}
