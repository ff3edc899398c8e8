import { loadAuditCheckpointSeed } from '@app/platform/config/audit-checkpoint-key';
import { ConfigError, integer } from '@app/platform/config/council-config';

export const AUDIT_CHECKPOINT_SETTINGS = Symbol('AUDIT_CHECKPOINT_SETTINGS');

export interface AuditCheckpointSettings {
  /** The Ed25519 seed that signs checkpoints (COUNCIL_AUDIT_CHECKPOINT_KEY). */
  seed: Buffer;
  /** Where the overseer's file is appended to (COUNCIL_AUDIT_CHECKPOINT_DIR); null: the table only. */
  dir: string | null;
  /** How often the worker checkpoints the chain's head (COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS). */
  intervalMs: number;
}

/** Read at the worker's start: in production a missing key or directory stops it with a message naming the setting. */
export function loadAuditCheckpointSettings(env: Record<string, string | undefined> = process.env): AuditCheckpointSettings {
  const dir = env.COUNCIL_AUDIT_CHECKPOINT_DIR?.trim() || null;
  if (!dir && env.NODE_ENV === 'production') {
    throw new ConfigError(
      "COUNCIL_AUDIT_CHECKPOINT_DIR is required in production: the directory the audit chain's signed checkpoints are appended to for the overseer (docs/OPERATIONS.md)",
    );
  }
  return {
    seed: loadAuditCheckpointSeed(env),
    dir,
    intervalMs: integer(env, 'COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS', 300_000, 100, 86_400_000),
  };
}
