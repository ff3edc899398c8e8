import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Client } from 'pg';
import { createTestDatabase } from '../support/test-database';
import { readTestRun } from '../support/test-environment';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(command, args, { env: { ...process.env, ...env }, timeout: 90_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}

async function databaseExists(server: string, name: string): Promise<boolean> {
  const client = new Client({ connectionString: `${server}/postgres` });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('backup and restore (scripts/ops)', () => {
  const server = readTestRun().postgresServerUrl;

  it('npm run backup:test: migrate, write, back up, restore into a new database, identical tables and a holding chain', async () => {
    const result = await run('npm', ['run', '--silent', 'backup:test'], { COUNCIL_BACKUP_TEST_SERVER_URL: server });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/backup:test: \d+ tables compared, 0 differ; restored decision log: the chain holds \(\d+ rows\)/);
    const scratch = [...result.stdout.matchAll(/council_backup_\w+/g)].map((m) => m[0]);
    for (const name of scratch) expect(await databaseExists(server, name)).toBe(false);
  }, 90_000);

  describe('refusals', () => {
    let dir: string;
    let dump: string;
    let sourceUrl: string;

    beforeAll(async () => {
      dir = mkdtempSync(join(tmpdir(), 'council-restore-'));
      dump = join(dir, 'council.dump');
      sourceUrl = await createTestDatabase();
      const backup = await run('bash', ['scripts/ops/backup.sh', '--out', dump], { DATABASE_URL: sourceUrl });
      expect(backup.code).toBe(0);
    }, 60_000);

    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('the backup is private (0600) with a checksum, and an existing file is never overwritten', async () => {
      expect(statSync(dump).mode & 0o777).toBe(0o600);
      expect(readFileSync(`${dump}.sha256`, 'utf8')).toMatch(/^[0-9a-f]{64} {2}council\.dump\n$/);
      const again = await run('bash', ['scripts/ops/backup.sh', '--out', dump], { DATABASE_URL: sourceUrl });
      expect(again.code).toBe(2);
      expect(again.stderr).toContain('not overwriting');
      expect((await run('bash', ['scripts/ops/backup.sh'], { DATABASE_URL: '' })).code).toBe(2);
    });

    it('restore refuses an existing database, touching nothing', async () => {
      const result = await run('bash', ['scripts/ops/restore.sh', dump, sourceUrl]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('already exists');
    });

    it('restore refuses a dump that does not match its checksum, creating no database', async () => {
      const name = `council_restore_refused_${Date.now()}`;
      const original = readFileSync(`${dump}.sha256`, 'utf8');
      writeFileSync(
        `${dump}.sha256`,
        original.replace(/^[0-9a-f]/, (c) => (c === '0' ? '1' : '0')),
      );
      try {
        const result = await run('bash', ['scripts/ops/restore.sh', dump, `${server}/${name}`]);
        expect(result.code).toBe(1);
        expect(result.stderr).toContain('does not match');
        expect(await databaseExists(server, name)).toBe(false);
      } finally {
        writeFileSync(`${dump}.sha256`, original);
      }
    });

    it('restore refuses a target that is not postgres://.../NAME', async () => {
      for (const target of ['mysql://host/db', `${server}/bad-name;drop`, `${server}/`]) {
        expect((await run('bash', ['scripts/ops/restore.sh', dump, target])).code).toBe(2);
      }
    });
  });
});
