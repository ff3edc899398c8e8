import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { createTestDatabase } from '../support/test-database';

/**
 * The typed queries compile against the checked-in `DB` interface; this keeps that interface the
 * schema the migrations make, so a renamed or dropped column breaks the build instead of a query.
 */
const ROOT = process.cwd(); // npm test runs from the project root
const DATABASE_TYPES_FILE = 'libs/platform/src/database/database-types.ts';

describe('database types', () => {
  it('are those of the migrated schema', async () => {
    const { stdout: generated } = await promisify(execFile)(
      process.execPath,
      [
        join(ROOT, 'node_modules/ts-node/dist/bin.js'),
        '--transpile-only',
        'scripts/db-types/print-database-types.ts',
        await createTestDatabase(),
      ],
      { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
    );
    const checkedIn = readFileSync(join(ROOT, DATABASE_TYPES_FILE), 'utf8');
    if (generated !== checkedIn) {
      throw new Error(`${DATABASE_TYPES_FILE} is not the migrated schema: run npm run db:types`);
    }
    expect(generated).toBe(checkedIn);
  }, 120_000);
});
