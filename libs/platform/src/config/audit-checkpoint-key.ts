import { createHash } from 'node:crypto';
import { ConfigError } from './config-error';

type Env = Record<string, string | undefined>;

const SEED_BYTES = 32;
/** Outside production the key is derived from the JWT secret under this label: stable across restarts, never the JWT key itself. */
const DERIVATION_LABEL = 'council audit checkpoint key v1\0';

/**
 * The Ed25519 seed that signs the audit chain's checkpoints (COUNCIL_AUDIT_CHECKPOINT_KEY, the
 * base64 of 32 random bytes). A key of its own: whoever holds the JWT secret or the database
 * cannot sign a checkpoint. Required in production; elsewhere derived from COUNCIL_JWT_SECRET.
 * Plain (relative imports only): the audit command-line tools run it without the application.
 */
export function loadAuditCheckpointSeed(env: Env = process.env): Buffer {
  const seed = auditCheckpointSeedOf(env);
  if (typeof seed === 'string') throw new ConfigError(seed);
  return seed;
}

/** The seed, or the problem (naming the setting) that keeps it from being known. */
export function auditCheckpointSeedOf(env: Env): Buffer | string {
  const raw = env.COUNCIL_AUDIT_CHECKPOINT_KEY?.trim();
  if (raw) {
    const seed = /^[A-Za-z0-9+/_-]+={0,2}$/.test(raw) ? Buffer.from(raw, 'base64') : Buffer.alloc(0);
    if (seed.length !== SEED_BYTES || new Set(seed).size < 10) {
      return 'COUNCIL_AUDIT_CHECKPOINT_KEY must be the base64 of 32 random bytes (e.g. from: openssl rand -base64 32)';
    }
    return seed;
  }
  if (env.NODE_ENV === 'production') {
    return 'COUNCIL_AUDIT_CHECKPOINT_KEY is required in production: the key that signs the audit chain checkpoints, the base64 of 32 random bytes (e.g. from: openssl rand -base64 32)';
  }
  const jwtSecret = env.COUNCIL_JWT_SECRET?.trim();
  if (!jwtSecret) return 'COUNCIL_AUDIT_CHECKPOINT_KEY (or, outside production, COUNCIL_JWT_SECRET to derive it from) is required';
  return createHash('sha256').update(DERIVATION_LABEL).update(jwtSecret).digest();
}
