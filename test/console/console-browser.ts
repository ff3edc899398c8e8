/// <reference lib="dom" />
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath, missingChromiumMessage } from '../support/chromium';

/** Debian's Chromium (issue 8), which global setup installs when it can (test/support/chromium.ts). */
export const CHROMIUM = chromiumPath();
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const repoRoot = process.cwd();

let built: Promise<string> | undefined;

/**
 * Builds the console with Vite into a fresh temporary directory (once per test process), so that
 * `npm test` on a clean clone needs no earlier build and never touches dist/.
 */
export function buildConsole(): Promise<string> {
  built ??= new Promise<string>((resolve, reject) => {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'council-console-'));
    const vite = path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js');
    const child = spawn(
      process.execPath,
      [
        vite,
        'build',
        '--config',
        path.join(repoRoot, 'apps/console/vite.config.mts'),
        '--outDir',
        outDir,
        '--emptyOutDir',
        '--logLevel',
        'warn',
      ],
      {
        cwd: repoRoot,
        env: { ...process.env, VITE_CONFIG_NATIVE_IGNORE_WARNING: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(outDir) : reject(new Error(`vite build failed (${code}):\n${output}`))));
  });
  return built;
}

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(missingChromiumMessage(CHROMIUM));
  }
  // launch() gives Chromium a new, empty --user-data-dir of its own (and removes it on close);
  // it refuses the flag itself, which only launchPersistentContext (one context) takes.
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, headless: true });
}

/** A fresh browser context (own storage), signed in as the bearer of `token` when given. */
export async function newSession(
  browser: Browser,
  options: { token?: string; language?: 'ja' | 'en'; viewport?: { width: number; height: number } } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1366, height: 900 },
    locale: 'ja-JP',
    timezoneId: 'Asia/Tokyo',
    acceptDownloads: true,
  });
  await context.addInitScript(
    ({ token, language }) => {
      if (token && !sessionStorage.getItem('council.signedIn')) {
        sessionStorage.setItem('council.accessToken', token);
        sessionStorage.setItem('council.signedIn', '1');
      }
      if (language && !localStorage.getItem('council.language')) localStorage.setItem('council.language', language);
    },
    { token: options.token ?? null, language: options.language ?? null },
  );
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/**
 * Screenshots of the main pages go to docs/screenshots/ when COUNCIL_SCREENSHOTS=1 (npm run
 * screenshots), so that an ordinary test run leaves the working tree alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.COUNCIL_SCREENSHOTS !== '1') return;
  const directory = path.join(repoRoot, 'docs', 'screenshots');
  fs.mkdirSync(directory, { recursive: true });
  await page.screenshot({ path: path.join(directory, `${name}.png`), fullPage: true });
}
