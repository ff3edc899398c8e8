/**
 * The platform's settings, read once from the environment and validated at boot (RUNNING.md).
 * A process with a missing or malformed setting refuses to start with a message naming it.
 */
export interface CouncilConfig {
  readonly production: boolean;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Prefix of every Redis key this deployment writes (BullMQ queues, rate limits). */
  readonly redisPrefix: string;
  readonly port: number;
  readonly publicUrl: string;
  readonly jwtSecrets: readonly string[];
  readonly accessTokenTtlSeconds: number;
  readonly bootstrapAdmin: { email: string; password: string } | null;
  readonly allowInsecureWebhooks: boolean;
  readonly smtpUrl: string | null;
  readonly pledgeValidityDays: number;
  readonly invitationValidityDays: number;
  readonly login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number };
}

export const COUNCIL_CONFIG = Symbol('COUNCIL_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  if (!/^\d+$/.test(raw)) throw new ConfigError(`${name} must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) throw new ConfigError(`${name} must be between ${min} and ${max}`);
  return value;
}

function boolean(env: Env, name: string): boolean {
  const raw = env[name]?.trim().toLowerCase();
  if (!raw) return false;
  if (raw === 'true' || raw === '1') return true;
  if (raw === 'false' || raw === '0') return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, value: string, protocols: string[]): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} is not a valid URL`);
  }
  if (!protocols.includes(parsed.protocol)) {
    throw new ConfigError(`${name} must use ${protocols.join(' or ')}`);
  }
  return value;
}

const MIN_SECRET_LENGTH = 32;
const KNOWN_DEFAULT_SECRETS = new Set(['secret', 'changeme', 'change-me', 'dev-secret', 'council']);

export function loadCouncilConfig(env: Env = process.env): CouncilConfig {
  const production = env.NODE_ENV === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  // COUNCIL_JWT_SECRET_PREVIOUS keeps tokens signed before a rotation valid until they expire.
  const jwtSecrets = [required(env, 'COUNCIL_JWT_SECRET'), env.COUNCIL_JWT_SECRET_PREVIOUS?.trim()].filter(
    (s): s is string => !!s,
  );
  for (const secret of jwtSecrets) {
    if (production && (secret.length < MIN_SECRET_LENGTH || KNOWN_DEFAULT_SECRETS.has(secret.toLowerCase()))) {
      throw new ConfigError(`COUNCIL_JWT_SECRET must be a random string of at least ${MIN_SECRET_LENGTH} characters`);
    }
  }
  const adminEmail = env.COUNCIL_BOOTSTRAP_ADMIN_EMAIL?.trim();
  const adminPassword = env.COUNCIL_BOOTSTRAP_ADMIN_PASSWORD;
  if (!!adminEmail !== !!adminPassword) {
    throw new ConfigError('COUNCIL_BOOTSTRAP_ADMIN_EMAIL and COUNCIL_BOOTSTRAP_ADMIN_PASSWORD go together');
  }
  const smtp = env.SMTP_URL?.trim();
  return {
    production,
    databaseUrl: url(env, 'DATABASE_URL', required(env, 'DATABASE_URL'), ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', required(env, 'REDIS_URL'), ['redis:', 'rediss:']),
    redisPrefix: env.COUNCIL_REDIS_PREFIX?.trim() || 'council',
    port,
    publicUrl: (env.COUNCIL_PUBLIC_URL?.trim() || `http://localhost:${port}`).replace(/\/+$/, ''),
    jwtSecrets,
    accessTokenTtlSeconds: integer(env, 'COUNCIL_ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null,
    allowInsecureWebhooks: boolean(env, 'COUNCIL_ALLOW_INSECURE_WEBHOOKS'),
    smtpUrl: smtp ? url(env, 'SMTP_URL', smtp, ['smtp:', 'smtps:']) : null,
    pledgeValidityDays: integer(env, 'COUNCIL_PLEDGE_VALIDITY_DAYS', 365, 1, 3660),
    invitationValidityDays: integer(env, 'COUNCIL_INVITATION_VALIDITY_DAYS', 7, 1, 90),
    login: {
      maxFailuresPerAccount: integer(env, 'COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
      maxFailuresPerAddress: integer(env, 'COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
      windowSeconds: integer(env, 'COUNCIL_LOGIN_WINDOW_SECONDS', 900, 1, 86400),
    },
  };
}
