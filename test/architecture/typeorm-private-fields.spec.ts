import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from '@jest/globals';

/**
 * TypeORM's driver internals (the postgres driver's `master` pool and the like) are no API: an
 * upgrade may rename them and the code would fall back or fail at run time, not at build time.
 * Connections are reached through public API (DataSource.query, QueryRunner.connect).
 */
const ROOT = process.cwd(); // npm test runs from the project root
const PRIVATE_READS = [/\.driver\b(?!\s*=)/, /\.master\b/];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return name === 'migrations' || name === 'node_modules' ? [] : sourceFiles(file);
    return file.endsWith('.ts') && !file.endsWith('.spec.ts') ? [file] : [];
  });
}

describe('TypeORM', () => {
  it('is used through its public API only: no reads of its driver internals in apps/ or libs/', () => {
    const reads = ['apps', 'libs']
      .flatMap((dir) => sourceFiles(path.join(ROOT, dir)))
      .flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .flatMap((line, index) =>
            PRIVATE_READS.some((pattern) => pattern.test(line)) ? [`${path.relative(ROOT, file)}:${index + 1}`] : [],
          ),
      );
    expect(reads).toEqual([]);
  });
});
