/**
 * `npm run audit:verify [-- --checkpoints <file> ...]`: checks the decision log's hash chain in
 * DATABASE_URL, and compares it with the signed checkpoints of its head: those in the
 * audit_checkpoints table, and those of the overseer's file(s) (--checkpoints, else the file in
 * COUNCIL_AUDIT_CHECKPOINT_DIR when there is one). A checkpoint naming a row that is gone (the
 * newest rows removed) or that differs, or whose signature does not hold, breaks verification.
 * Exits 0 when everything holds, 1 when it does not (naming the first problem), 2 when it cannot
 * check.
 *
 * Deliberately standalone (pg and the chain code only, relative imports): it runs from a clean
 * clone without a build, and from dist after one, with nothing of the application started.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { CHECKPOINT_FILE, parseCheckpointFile, signatureProblem, type SourcedCheckpoint } from '../checkpoints/audit-checkpoint';
import { tableCheckpoints } from '../checkpoints/checkpoint-store';
import { checkpointVerifiers } from './checkpoint-keys';
import { describeVerification, verifyAuditChain } from './pg-audit-chain';
import { loadCommandLineSettings } from '../../../platform/src/config/command-line-settings';

class CannotCheck extends Error {}

function checkpointFiles(argv: string[]): string[] {
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--checkpoints')
      throw new CannotCheck(`unknown argument "${argv[i]}" (usage: npm run audit:verify -- [--checkpoints <file>] ...)`);
    const file = argv[++i];
    if (!file || file.startsWith('--')) throw new CannotCheck('--checkpoints needs a file');
    files.push(file);
  }
  if (files.length > 0) return files;
  const dir = loadCommandLineSettings().auditCheckpointDir;
  return dir && existsSync(join(dir, CHECKPOINT_FILE)) ? [join(dir, CHECKPOINT_FILE)] : [];
}

function readCheckpointFile(file: string): SourcedCheckpoint[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new CannotCheck(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseCheckpointFile(text, file);
  } catch (error) {
    throw new CannotCheck(error instanceof Error ? error.message : String(error));
  }
}

async function main(): Promise<number> {
  const { databaseUrl } = loadCommandLineSettings();
  if (!databaseUrl) {
    console.error('audit:verify: DATABASE_URL is required');
    return 2;
  }
  let fromFiles: SourcedCheckpoint[];
  try {
    fromFiles = checkpointFiles(process.argv.slice(2)).flatMap(readCheckpointFile);
  } catch (error) {
    if (!(error instanceof CannotCheck)) throw error;
    console.error(`audit:verify: ${error.message}`);
    return 2;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // One snapshot for the whole walk: rows appended meanwhile neither break nor extend it.
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const checkpoints = [...(await tableCheckpoints(client)), ...fromFiles];
    const result = await verifyAuditChain(client, checkpoints);
    await client.query('COMMIT');
    let signatures: string | null = null;
    if (checkpoints.length > 0) {
      try {
        signatures = signatureProblem(checkpoints, checkpointVerifiers());
      } catch (error) {
        console.error(`audit:verify: cannot check the checkpoints' signatures: ${error instanceof Error ? error.message : String(error)}`);
        return 2;
      }
    }
    if (result.ok && signatures === null) {
      console.log(`audit:verify: ${describeVerification(result)}`);
      return 0;
    }
    if (!result.ok) console.error(`audit:verify: ${describeVerification(result)}`);
    if (signatures !== null) console.error(`audit:verify: the checkpoints do not hold: ${signatures}`);
    return 1;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('audit:verify: could not check the chain:', error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
