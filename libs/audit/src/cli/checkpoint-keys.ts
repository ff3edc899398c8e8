import { loadAuditCheckpointSeed } from '../../../platform/src/config/audit-checkpoint-key';
import { checkpointSigner, checkpointVerifier, type CheckpointVerifier } from '../checkpoints/checkpoint-signature';
import { loadCommandLineSettings } from '../../../platform/src/config/command-line-settings';

/**
 * The public keys that checkpoint signatures are checked with: the overseer's pinned ones
 * (COUNCIL_AUDIT_CHECKPOINT_PUBLIC_KEY, comma-separated: old keys stay valid for old checkpoints
 * after a rotation), else the one of COUNCIL_AUDIT_CHECKPOINT_KEY (or its development derivation).
 */
export function checkpointVerifiers(env?: Record<string, string | undefined>): CheckpointVerifier[] {
  const pinned = loadCommandLineSettings(env).auditCheckpointPublicKeys;
  if (pinned.length > 0) return pinned.map(checkpointVerifier);
  return [checkpointVerifier(checkpointSigner(loadAuditCheckpointSeed(env)).publicKey)];
}
