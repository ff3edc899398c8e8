import { describe, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderPolicySqlSnapshots, SNAPSHOT_DIRECTORY } from '../../scripts/policy-sql/policy-sql-snapshots';

/**
 * The SQL the policy compiles for a fixed set of reader states is checked in
 * (libs/policy/sql-snapshots), so that every change to a rule is reviewed as a diff of that SQL.
 * This fails when the policy's SQL and the files disagree.
 */
const REGENERATE = 'policy SQL changed: run npm run policy:sql and review the diff';

function firstDifference(file: string, expected: string, actual: string): string {
  const want = expected.split('\n');
  const got = actual.split('\n');
  const line = want.findIndex((text, index) => text !== got[index]);
  const at = line === -1 ? want.length : line;
  const excerpt = (lines: string[]) =>
    lines
      .slice(Math.max(0, at - 2), at + 4)
      .map((text) => `    ${text}`)
      .join('\n');
  return `${file}, line ${at + 1}:\n  in the file:\n${excerpt(want)}\n  compiled now:\n${excerpt(got)}`;
}

describe('policy SQL snapshots', () => {
  it('match what the policy compiles now', () => {
    const directory = join(process.cwd(), SNAPSHOT_DIRECTORY);
    const compiled = renderPolicySqlSnapshots();
    const onDisk = new Set(readdirSync(directory).filter((file) => file.endsWith('.sql')));
    const problems: string[] = [];
    for (const file of onDisk) if (!compiled.has(file)) problems.push(`${file} is no longer generated`);
    for (const [file, content] of compiled) {
      if (!onDisk.has(file)) {
        problems.push(`${file} is missing`);
        continue;
      }
      const stored = readFileSync(join(directory, file), 'utf8');
      if (stored !== content) problems.push(firstDifference(file, stored, content));
    }
    if (problems.length) throw new Error(`${REGENERATE}\n\n${problems.join('\n\n')}`);
  });
});
