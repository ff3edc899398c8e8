import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Classification } from '../../libs/platform/src/vocabulary';
import { insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';

const CLI = 'libs/audit/src/cli/export-access-log.ts';
const SECRET_TITLE = 'Omicron-3319 exfiltration through the tax portal';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function exportAccessLog(databaseUrl: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['node_modules/ts-node/dist/bin.js', '--transpile-only', CLI, ...args],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number((error as { code?: number }).code ?? 99) : 0, stdout, stderr }),
    );
  });
}

describe('npm run audit:export-access-log: the access log for the overseer, with the audit chain status', () => {
  let api: TestApp;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    api = await startTestApp();
    dir = mkdtempSync(join(tmpdir(), 'council-access-export-'));
    const ds = api.dataSource;
    const org = await insertOrganisation(ds, { name: '=HYPERLINK("http://evil.example") Bank' });
    const reader = await insertPerson(ds, { email: 'reader@export.example.test', organisationId: org.id });
    const author = await insertPerson(ds, { organisationId: org.id });
    const advisory = await insertAdvisory(ds, {
      authorId: author.id,
      fullTitle: SECRET_TITLE,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
    });
    Object.assign(ids, { reader: reader.id, org: org.id, advisory: advisory.id });
    await ds.query(
      `INSERT INTO access_log (occurred_at, person_id, advisory_id, advisory_version, classification) VALUES
        ('2026-03-31T23:59:59.999Z', $1, $2, 1, 'COUNCIL_CONFIDENTIAL'),
        ('2026-04-01T00:00:00.000Z', $1, $2, 1, 'COUNCIL_CONFIDENTIAL'),
        ('2026-04-15T09:30:00.123456Z', $1, $2, 2, 'IESI'),
        ('2026-05-01T00:00:00.000Z', $1, $2, 2, 'IESI')`,
      [reader.id, advisory.id],
    );
  }, 60_000);

  afterAll(async () => {
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('JSON lines to stdout: a header, the rows of [from, to) only, a trailer with the verified chain', async () => {
    const run = await exportAccessLog(api.databaseUrl, ['--from', '2026-04-01', '--to', '2026-05-01T00:00:00Z']);
    expect(run.code).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ type: 'header', from: '2026-04-01T00:00:00.000Z', to: '2026-05-01T00:00:00.000Z' });
    const rows = lines.filter((line) => line.type === 'access');
    expect(rows.map((row) => row.occurred_at)).toEqual(['2026-04-01T00:00:00.000000Z', '2026-04-15T09:30:00.123456Z']);
    expect(rows[1]).toMatchObject({
      person_id: ids.reader,
      person_email: 'reader@export.example.test',
      organisation_id: ids.org,
      advisory_id: ids.advisory,
      advisory_version: 2,
      classification: 'IESI',
    });
    const trailer = lines[lines.length - 1];
    expect(trailer).toMatchObject({ type: 'trailer', rows: 2, auditChain: 'VERIFIED' });
    expect(trailer.auditChainRows).toBeGreaterThan(0);
    expect(run.stdout).not.toContain(SECRET_TITLE);
    expect(run.stderr).toContain('the chain holds');
  }, 60_000);

  it('CSV to a file (never overwritten), with # header and trailer lines and spreadsheet formulas defused', async () => {
    const out = join(dir, 'access.csv');
    const run = await exportAccessLog(api.databaseUrl, ['--from', '2026-01-01T00:00:00+09:00', '--to', '2027-01-01', '--out', out]);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    expect(lines[0]).toMatch(/^# type=header export=council access log from=2025-12-31T15:00:00.000Z to=2027-01-01T00:00:00.000Z/);
    expect(lines[1]).toBe(
      'id,occurred_at,person_id,person_email,organisation_id,organisation_name,advisory_id,advisory_version,classification',
    );
    expect(lines.slice(2, -1)).toHaveLength(4);
    expect(lines[2]).toContain(`"'=HYPERLINK(""http://evil.example"") Bank"`);
    expect(lines[lines.length - 1]).toMatch(/^# type=trailer rows=4 auditChain=VERIFIED auditChainRows=\d+$/);
    const again = await exportAccessLog(api.databaseUrl, ['--from', '2026-01-01', '--to', '2027-01-01', '--out', out]);
    expect(again.code).toBe(2);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(lines.length);
  }, 60_000);

  it('exports but exits 1 with auditChain BROKEN when the decision log was tampered with', async () => {
    const [victim] = await api.dataSource.query(`SELECT id FROM audit_log ORDER BY id LIMIT 1`);
    await api.dataSource.query(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only`);
    await api.dataSource.query(`UPDATE audit_log SET after = '{"tampered": true}' WHERE id = $1`, [victim.id]);
    await api.dataSource.query(`ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only`);
    const run = await exportAccessLog(api.databaseUrl, ['--from', '2026-04-01', '--to', '2026-05-01']);
    expect(run.code).toBe(1);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[lines.length - 1]).toMatchObject({
      type: 'trailer',
      rows: 2,
      auditChain: 'BROKEN',
      auditChainBrokenAt: String(victim.id),
    });
    expect(run.stderr).toContain('BROKEN');
  }, 60_000);

  it('refuses bad arguments with exit 2 and a usage line, exporting nothing', async () => {
    for (const args of [
      [],
      ['--from', '2026-04-01'],
      ['--from', 'yesterday', '--to', '2026-05-01'],
      ['--from', '2026-05-01', '--to', '2026-04-01'],
      ['--from', '2026-04-01', '--to', '2026-05-01', '--format', 'xml'],
      ['--since', '2026-04-01'],
    ]) {
      const run = await exportAccessLog(api.databaseUrl, args);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toContain('usage: npm run audit:export-access-log');
    }
  }, 120_000);
});
