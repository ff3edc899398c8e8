import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, machine } from './common';

/**
 * BENCHMARKS.md at the project root: one row per benchmark (and scale), replaced by the benchmark
 * script each time it is measured, and copied into the README's table. Never edited by hand (the council's benchmark spec). Set
 * BENCH_NO_RECORD=1 to measure without touching it.
 */
export const RESULTS_FILE = join(ROOT, 'BENCHMARKS.md');

const HEADER = `# Benchmark results

Written by the benchmark scripts (scripts/bench/record.ts): each \`npm run bench:<name>\` replaces
its own row. Do not edit by hand. Targets: the council's benchmark spec. Raw results of the last run
are under \`.bench/\` on the machine that ran it. Times are milliseconds unless marked.

| benchmark | date (UTC) | machine | command | result |
| --- | --- | --- | --- | --- |
`;

export interface Row {
  /** The row's key, e.g. "feed (national)". */
  id: string;
  command: string;
  result: string;
}

const README_START = '<!-- BENCHMARKS:START -->';
const README_END = '<!-- BENCHMARKS:END -->';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function recordResult(row: Row): void {
  if (process.env.BENCH_NO_RECORD) return;
  const m = machine();
  const line =
    `| ${cell(row.id)} | ${new Date().toISOString().slice(0, 16).replace('T', ' ')} | ` +
    `${m.nproc} cores, ${m.memoryGiB} GiB, ${cell(m.cpu)}, Node ${m.node}, load ${m.load1} at the end | \`${cell(row.command)}\` | ${cell(row.result)} |`;
  const rows = new Map<string, string>();
  if (existsSync(RESULTS_FILE)) {
    for (const existing of readFileSync(RESULTS_FILE, 'utf8').split('\n')) {
      const match = /^\| ([^|]+?) \| \d{4}-/.exec(existing);
      if (match) rows.set(match[1], existing);
    }
  }
  rows.set(row.id, line);
  const sorted = [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, l]) => l);
  writeFileSync(RESULTS_FILE, HEADER + sorted.join('\n') + '\n');
  copyTableIntoReadme(sorted);
}

/** The README shows the latest table between its BENCHMARKS markers: the same rows, never retyped. */
function copyTableIntoReadme(rows: string[]): void {
  const readme = join(ROOT, 'README.md');
  if (!existsSync(readme)) return;
  const text = readFileSync(readme, 'utf8');
  const start = text.indexOf(README_START);
  const end = text.indexOf(README_END);
  if (start < 0 || end < start) return;
  const table = ['| benchmark | date (UTC) | machine | command | result |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
  writeFileSync(readme, `${text.slice(0, start + README_START.length)}\n${table}\n${text.slice(end)}`);
}
