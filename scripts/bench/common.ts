import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { SCALES, type Scale, type ScaleName } from './dataset';

/** The project root (these scripts run from dist/scripts/bench or scripts/bench). */
export const ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'scripts')}`) ? '../../..' : '../..');
export const BENCH_DIR = join(ROOT, '.bench');

export interface BenchArgs {
  scale: Scale;
  databaseUrl: string;
  /** Remaining flags: --name value or --flag. */
  flags: Map<string, string | true>;
}

/** The local server the benchmark databases live on (trust auth, user postgres). */
export function serverUrl(): string {
  return process.env.COUNCIL_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';
}

export function parseArgs(argv: string[], defaultScale: ScaleName = 'small'): BenchArgs {
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument "${arg}"`);
    const [name, inline] = arg.slice(2).split('=', 2);
    if (inline !== undefined) flags.set(name, inline);
    else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) flags.set(name, argv[++i]);
    else flags.set(name, true);
  }
  const scaleName = String(flags.get('scale') ?? defaultScale) as ScaleName;
  const scale = SCALES[scaleName];
  if (!scale) throw new Error(`--scale must be one of ${Object.keys(SCALES).join(', ')}`);
  const url = flags.get('database-url');
  const databaseUrl = typeof url === 'string' ? url : `${serverUrl()}/council_bench_${scale.name}`;
  return { scale, databaseUrl, flags };
}

export function databaseNameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
}

/** The URL of the `postgres` database on the server of `url`. */
export function maintenanceUrlOf(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** The machine, and its 1-minute load average now (others' work on a shared machine shows there). */
export function machine(): { nproc: number; memoryGiB: number; cpu: string; node: string; load1: number } {
  return {
    load1: Math.round(loadavg()[0] * 10) / 10,
    nproc: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    cpu: cpus()[0]?.model ?? 'unknown',
    node: process.version,
  };
}

export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

export function summarise(samples: number[]): { median: number; p95: number; min: number; max: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { median: r(quantile(sorted, 0.5)), p95: r(quantile(sorted, 0.95)), min: r(sorted[0]), max: r(sorted.at(-1)!), n: sorted.length };
}

export function writeBenchFile(name: string, content: unknown): string {
  mkdirSync(BENCH_DIR, { recursive: true });
  const path = join(BENCH_DIR, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content, null, 2) + '\n');
  return path;
}

export function millisecondsSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Runs a script's main, printing an error and exiting non-zero on failure. */
export function runMain(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error instanceof Error ? (error.stack ?? error.message) : error);
      process.exit(1);
    },
  );
}
