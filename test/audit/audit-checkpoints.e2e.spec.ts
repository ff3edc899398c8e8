import { execFile } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { loadAuditCheckpointSettings } from '../../apps/worker/src/audit/audit-checkpoint-settings';
import { ConfigError } from '../../libs/platform/src/config/council-config';
import { startWorker, waitFor } from '../alerts/alert-test-kit';
import { castOf, type Cast } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';

const CHAIN = `{ auditChainStatus { ok rows brokenAt problem } }`;
const ROOT = process.cwd();
const run = promisify(execFile);

/** An npm script against the test database: its exit code and what it printed. */
async function npmRun(script: string, args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '-s', script, '--', ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe('signed checkpoints of the audit chain (issue 13): a removed tail does not go unseen', () => {
  let api: TestApp;
  let cast: Cast;
  let dir: string;
  let env: Record<string, string>;
  const file = () => join(dir, 'audit-checkpoints.jsonl');
  const lines = () => (existsSync(file()) ? readFileSync(file(), 'utf8').trim().split('\n').filter(Boolean) : []);
  const decide = (name: string) =>
    api.gqlOk(
      `mutation($name: String!) { createOrganisation(input: { name: $name, kind: CRITICAL_INFRASTRUCTURE, tier: CLASS_2, sectors: [GAS], foreign: false }) { id } }`,
      { name },
      cast.secretariatToken,
    );
  /** As a superuser can: with session_replication_role = replica no trigger fires, so the append-only guard does not either. */
  const asReplica = (sql: string, params: unknown[] = []) =>
    api.dataSource.transaction(async (manager) => {
      await manager.query('SET LOCAL session_replication_role = replica');
      await manager.query(sql, params);
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'council-checkpoints-'));
    api = await startTestApp({ COUNCIL_AUDIT_CHECKPOINT_DIR: dir, COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS: '200' });
    cast = await castOf(api);
    env = { DATABASE_URL: api.databaseUrl, COUNCIL_AUDIT_CHECKPOINT_DIR: dir };
  });
  afterAll(async () => {
    await api?.close();
    delete process.env.COUNCIL_AUDIT_CHECKPOINT_DIR;
    delete process.env.COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS;
  });

  it("the worker checkpoints the head at intervals, into the table and the overseer's file; untouched, the chain and its checkpoints verify", async () => {
    await decide('Checkpointed Gas 1');
    const worker = await startWorker();
    try {
      await waitFor('two checkpoints in the file', () => lines().length >= 2);
    } finally {
      await worker.close();
    }
    const [head] = await api.dataSource.query(`SELECT id::text AS id, hash FROM audit_log ORDER BY id DESC LIMIT 1`);
    const last = JSON.parse(lines().at(-1) as string);
    expect(last).toMatchObject({
      type: 'audit-checkpoint',
      sequence: head.id,
      hash: head.hash,
      keyId: expect.any(String),
      signature: expect.any(String),
    });
    const [{ n }] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_checkpoints`);
    expect(n).toBe(lines().length);

    const verified = await npmRun('audit:verify', [], env);
    expect(verified.output).toMatch(/the chain holds \(\d+ rows, \d+ checkpoints match\)/);
    expect(verified.code).toBe(0);
    expect((await api.gqlOk(CHAIN, {}, cast.auditorToken)).auditChainStatus).toMatchObject({ ok: true, problem: null });
  });

  it('npm run audit:checkpoint writes one at once; removing the newest rows as a superuser with the triggers off fails verification, naming the missing rows', async () => {
    await decide('Checkpointed Gas 2');
    await decide('Checkpointed Gas 3');
    const before = lines().length;
    const written = await npmRun('audit:checkpoint', [], env);
    expect(written.code).toBe(0);
    expect(lines()).toHaveLength(before + 1);
    const checkpoint = JSON.parse(lines().at(-1) as string);
    expect(JSON.parse(written.output.trim().split('\n')[0])).toEqual(checkpoint);
    expect((await npmRun('audit:verify', [], env)).code).toBe(0);

    const [survivor] = await api.dataSource.query(`SELECT id::text AS id FROM audit_log ORDER BY id DESC LIMIT 1 OFFSET 2`);
    await expect(api.dataSource.query(`DELETE FROM audit_log WHERE id > $1`, [survivor.id])).rejects.toThrow(/append-only/);
    await asReplica(`DELETE FROM audit_log WHERE id > $1`, [survivor.id]);

    const missing = `the rows after ${survivor.id} up to and including ${checkpoint.sequence} are missing`;
    const tampered = await npmRun('audit:verify', [], env);
    expect(tampered.code).toBe(1);
    expect(tampered.output).toContain(`BROKEN at row ${checkpoint.sequence}`);
    expect(tampered.output).toContain(`the chain ends at row ${survivor.id}`);
    expect(tampered.output).toContain(missing);
    const { auditChainStatus } = await api.gqlOk(CHAIN, {}, cast.auditorToken);
    expect(auditChainStatus).toMatchObject({ ok: false, brokenAt: checkpoint.sequence });
    expect(auditChainStatus.problem).toContain(missing);

    // The superuser removes the table's checkpoints as well: the overseer's file still tells.
    await asReplica(`DELETE FROM audit_checkpoints`);
    const tableOnly = { DATABASE_URL: api.databaseUrl, COUNCIL_AUDIT_CHECKPOINT_DIR: '' };
    expect((await npmRun('audit:verify', [], tableOnly)).code).toBe(0);
    const withFile = await npmRun('audit:verify', ['--checkpoints', file()], tableOnly);
    expect(withFile.code).toBe(1);
    expect(withFile.output).toContain(missing);
    expect(withFile.output).toContain(`${file()}:${lines().length}`);
    const fromDir = await npmRun('audit:verify', [], env);
    expect(fromDir.code).toBe(1);
    expect(fromDir.output).toContain(missing);
  });

  it('a checkpoint line that was altered or signed with another key fails verification; an unreadable file cannot be checked', async () => {
    const forgedDir = mkdtempSync(join(tmpdir(), 'council-checkpoints-forged-'));
    // The first checkpoint still matches the chain (it predates the removed rows); only its time is changed.
    const genuine = JSON.parse(lines()[0]);
    const forged = join(forgedDir, 'forged.jsonl');
    appendFileSync(forged, `${JSON.stringify({ ...genuine, at: new Date(Date.parse(genuine.at) + 60_000).toISOString() })}\n`);
    const altered = await npmRun('audit:verify', ['--checkpoints', forged], {
      DATABASE_URL: api.databaseUrl,
      COUNCIL_AUDIT_CHECKPOINT_DIR: '',
    });
    expect(altered.code).toBe(1);
    expect(altered.output).toMatch(/forged.jsonl:1 \(row \d+, .*\) has an invalid signature/);

    const other = await npmRun('audit:checkpoint', ['--public-key'], {
      COUNCIL_AUDIT_CHECKPOINT_KEY: Buffer.from(Array.from({ length: 32 }, (_, i) => i * 7 + 1)).toString('base64'),
    });
    const otherKey = JSON.parse(other.output.trim());
    const pinned = await npmRun('audit:verify', ['--checkpoints', forged], {
      DATABASE_URL: api.databaseUrl,
      COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY: otherKey.publicKey,
    });
    expect(pinned.code).toBe(1);
    expect(pinned.output).toContain(`signed by key ${genuine.keyId}, which is not among the keys given (${otherKey.keyId})`);

    const garbage = join(forgedDir, 'garbage.jsonl');
    appendFileSync(garbage, 'not json\n');
    const unreadable = await npmRun('audit:verify', ['--checkpoints', garbage], { DATABASE_URL: api.databaseUrl });
    expect(unreadable.code).toBe(2);
    expect(unreadable.output).toContain('garbage.jsonl:1 is not a JSON line');
  });

  it('production refuses to start the worker without the checkpoint key or directory, naming the setting', () => {
    const production = { NODE_ENV: 'production', COUNCIL_JWT_SECRET: 'q7G9v2LmX4pR8sT1wZ6yB3nK5cJ0hD2fA9eU4iO7' };
    const key = Buffer.from(Array.from({ length: 32 }, (_, i) => (i * 37 + 11) % 256)).toString('base64');
    expect(() => loadAuditCheckpointSettings({ ...production, COUNCIL_AUDIT_CHECKPOINT_DIR: dir })).toThrow(ConfigError);
    expect(() => loadAuditCheckpointSettings({ ...production, COUNCIL_AUDIT_CHECKPOINT_DIR: dir })).toThrow(
      /COUNCIL_AUDIT_CHECKPOINT_KEY is required in production/,
    );
    expect(() => loadAuditCheckpointSettings({ ...production, COUNCIL_AUDIT_CHECKPOINT_KEY: key })).toThrow(
      /COUNCIL_AUDIT_CHECKPOINT_DIR is required in production/,
    );
    expect(() =>
      loadAuditCheckpointSettings({ ...production, COUNCIL_AUDIT_CHECKPOINT_DIR: dir, COUNCIL_AUDIT_CHECKPOINT_KEY: 'c2hvcnQ=' }),
    ).toThrow(/base64 of 32 random bytes/);
    expect(
      loadAuditCheckpointSettings({ ...production, COUNCIL_AUDIT_CHECKPOINT_DIR: dir, COUNCIL_AUDIT_CHECKPOINT_KEY: key }),
    ).toMatchObject({ dir, intervalMs: 300_000 });
    // Outside production the key is derived from the JWT secret (stable across restarts).
    const derived = loadAuditCheckpointSettings({ NODE_ENV: 'development', COUNCIL_JWT_SECRET: 'changeme' });
    expect(derived.seed).toEqual(loadAuditCheckpointSettings({ NODE_ENV: 'development', COUNCIL_JWT_SECRET: 'changeme' }).seed);
    expect(derived.dir).toBeNull();
  });
});
