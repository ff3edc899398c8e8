/**
 * `npm run audit:checkpoint`: signs the audit chain's current head (COUNCIL_AUDIT_CHECKPOINT_KEY)
 * and keeps the checkpoint in audit_checkpoints and, when COUNCIL_AUDIT_CHECKPOINT_DIR is set, in
 * the overseer's file there; prints it. The worker does the same every
 * COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS; this is for a checkpoint at once (before a maintenance
 * window, at the overseer's request).
 * `npm run audit:checkpoint -- --public-key` prints the key's public half (base64) and id, for
 * the overseer to pin as COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY; it needs no database.
 * Exit codes: 0 written (or printed), 2 not (bad settings, no database, an empty chain).
 *
 * Standalone like audit:verify (pg and relative imports only): runs without a build.
 */
import { Client } from 'pg';
import { loadAuditCheckpointSeed } from '../../../platform/src/config/audit-checkpoint-key';
import { checkpointLine } from '../checkpoints/audit-checkpoint';
import { checkpointSigner } from '../checkpoints/checkpoint-signature';
import { writeCheckpoint } from '../checkpoints/checkpoint-store';
import { loadCommandLineSettings } from '../../../platform/src/config/command-line-settings';

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  if (argv.some((arg) => arg !== '--public-key')) {
    console.error('audit:checkpoint: usage: npm run audit:checkpoint [-- --public-key]');
    return 2;
  }
  const signer = checkpointSigner(loadAuditCheckpointSeed());
  if (argv.includes('--public-key')) {
    console.log(JSON.stringify({ keyId: signer.keyId, publicKey: signer.publicKey }));
    return 0;
  }
  const { databaseUrl, auditCheckpointDir: dir } = loadCommandLineSettings();
  if (!databaseUrl) {
    console.error('audit:checkpoint: DATABASE_URL is required');
    return 2;
  }
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const checkpoint = await writeCheckpoint(client, signer, dir, new Date());
    if (!checkpoint) {
      console.error('audit:checkpoint: the audit chain is empty: nothing to checkpoint yet');
      return 2;
    }
    console.log(checkpointLine(checkpoint));
    if (!dir) console.error('audit:checkpoint: COUNCIL_AUDIT_CHECKPOINT_DIR is not set: the checkpoint was kept in the database only');
    return 0;
  } finally {
    await client.end();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`audit:checkpoint: could not write a checkpoint: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(2);
  },
);
