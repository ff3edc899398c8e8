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
  /**
   * Key material that seals webhook signing secrets at rest (COUNCIL_ALERT_SECRET_KEY). Required in
   * production: derived from the JWT secret, a rotation of that would make every webhook unusable.
   * Null (development and tests only): derived from the primary JWT secret.
   */
  readonly alertSecretKey: string | null;
  readonly accessTokenTtlSeconds: number;
  readonly bootstrapAdmin: { email: string; password: string } | null;
  readonly allowInsecureWebhooks: boolean;
  readonly smtpUrl: string | null;
  readonly pledgeValidityDays: number;
  readonly invitationValidityDays: number;
  readonly login: { maxFailuresPerAccount: number; maxFailuresPerAddress: number; windowSeconds: number };
  /** Invitations issued (invitePerson, renewInvitation) and accepted, per person and per client address. */
  readonly invitationLimits: {
    perInviterPerHour: number;
    perAddressPerHour: number;
    acceptsPerAddressPerHour: number;
    acceptsPerTokenPerHour: number;
  };
  /** pino level (LOG_LEVEL); 'silent' turns logging off. */
  readonly logLevel: LogLevel;
  /** Bearer token that GET /metrics requires (COUNCIL_METRICS_TOKEN); null: /metrics answers 404. */
  readonly metricsToken: string | null;
  /** Browser origins allowed to call the API cross-origin (COUNCIL_CORS_ORIGINS); empty: same origin only. */
  readonly corsOrigins: readonly string[];
  /** PostgreSQL statement_timeout of the application's connections, in ms (0: none). */
  readonly statementTimeoutMs: number;
  /** Memory for readers' recent feed pages (COUNCIL_FEED_CACHE_MB); 0 turns the feed cache off. */
  readonly feedCacheMegabytes: number;
  /** How long a client may take to send a whole HTTP request (headers and body), in ms. */
  readonly httpRequestTimeoutMs: number;
  /**
   * Express's "trust proxy" (COUNCIL_TRUST_PROXY): which reverse proxies' X-Forwarded-For to
   * believe, so that per-address rate limits see clients and not the proxy. null: none.
   */
  readonly trustProxy: number | string | null;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const COUNCIL_CONFIG = Symbol('COUNCIL_CONFIG');

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function required(env: Env, name: string): string {
  const value = env[name]?.trim();
  if (!value) throw new ConfigError(`${name} is required`);
  return value;
}

/** A whole-number setting from `env`: `fallback` when unset, a ConfigError naming it when malformed or out of [min, max]. */
export function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
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
const MIN_DISTINCT_SECRET_CHARACTERS = 10;
/** Placeholders people paste into configuration; a secret containing one is not random. */
const PLACEHOLDER_SECRETS = ['changeme', 'change-me', 'change_me', 'replaceme', 'replace-me', 'your-secret', 'yoursecret', 'placeholder', 'example', 'dev-secret', 'devsecret', 'secretsecret', 'password'];

/** Production refuses a signing key that is short, repetitive or a known placeholder. */
function weakSecret(secret: string): boolean {
  const lower = secret.toLowerCase();
  return (
    secret.length < MIN_SECRET_LENGTH ||
    new Set(secret).size < MIN_DISTINCT_SECRET_CHARACTERS ||
    PLACEHOLDER_SECRETS.some((placeholder) => lower.includes(placeholder))
  );
}

function logLevel(env: Env): LogLevel {
  const raw = env.LOG_LEVEL?.trim().toLowerCase();
  if (!raw) return 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(raw)) {
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  }
  return raw as LogLevel;
}

/** COUNCIL_CORS_ORIGINS: comma-separated origins (scheme://host[:port]), each explicit: no wildcard. */
function corsOrigins(env: Env): string[] {
  const raw = env.COUNCIL_CORS_ORIGINS?.trim();
  if (!raw) return [];
  return raw
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0)
    .map((entry) => {
      let parsed: URL | null;
      try {
        parsed = new URL(entry);
      } catch {
        parsed = null;
      }
      const valid = parsed && ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === entry.replace(/\/$/, '');
      if (!valid || entry.includes('*')) {
        throw new ConfigError(`COUNCIL_CORS_ORIGINS: "${entry}" is not an origin such as https://console.example.jp (no path, no wildcard)`);
      }
      return (parsed as URL).origin;
    });
}

/** A hop count, or proxy addresses/subnets/names (loopback, linklocal, uniquelocal); never "true" (spoofable). */
function trustProxy(env: Env): number | string | null {
  const raw = env.COUNCIL_TRUST_PROXY?.trim();
  if (!raw) return null;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  const valid = entries.every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(entry));
  if (!valid) {
    throw new ConfigError('COUNCIL_TRUST_PROXY must be a number of proxy hops or a list of proxy addresses/subnets (e.g. loopback, 10.0.0.0/8)');
  }
  return entries.join(',');
}

function alertSecretKey(env: Env, production: boolean): string | null {
  const key = env.COUNCIL_ALERT_SECRET_KEY?.trim() || null;
  if (key === null) {
    if (!production) return null;
    throw new ConfigError(
      'COUNCIL_ALERT_SECRET_KEY is required in production: it seals the webhook signing secrets, independently of COUNCIL_JWT_SECRET ' +
        '(an installation that ran without it: set it to the current COUNCIL_JWT_SECRET, which is the key its webhook secrets were sealed with)',
    );
  }
  if (production ? weakSecret(key) : key.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(`COUNCIL_ALERT_SECRET_KEY must be a random string of at least ${MIN_SECRET_LENGTH} characters (not a placeholder)`);
  }
  return key;
}

function metricsToken(env: Env, production: boolean): string | null {
  const token = env.COUNCIL_METRICS_TOKEN?.trim();
  if (!token) return null;
  if (production && token.length < 16) throw new ConfigError('COUNCIL_METRICS_TOKEN must be at least 16 characters');
  return token;
}

export function loadCouncilConfig(env: Env = process.env): CouncilConfig {
  const production = env.NODE_ENV === 'production';
  const port = integer(env, 'PORT', 3000, 0, 65535);
  // COUNCIL_JWT_SECRET_PREVIOUS keeps tokens signed before a rotation valid until they expire.
  const jwtSecrets = [required(env, 'COUNCIL_JWT_SECRET'), env.COUNCIL_JWT_SECRET_PREVIOUS?.trim()].filter(
    (s): s is string => !!s,
  );
  for (const secret of jwtSecrets) {
    if (production && weakSecret(secret)) {
      throw new ConfigError(
        `COUNCIL_JWT_SECRET and COUNCIL_JWT_SECRET_PREVIOUS must be random strings of at least ${MIN_SECRET_LENGTH} characters (not a placeholder)`,
      );
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
    alertSecretKey: alertSecretKey(env, production),
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
    invitationLimits: {
      perInviterPerHour: integer(env, 'COUNCIL_INVITATIONS_PER_PERSON_PER_HOUR', 100, 1, 100000),
      perAddressPerHour: integer(env, 'COUNCIL_INVITATIONS_PER_ADDRESS_PER_HOUR', 200, 1, 100000),
      acceptsPerAddressPerHour: integer(env, 'COUNCIL_INVITATION_ACCEPTS_PER_ADDRESS_PER_HOUR', 20, 1, 100000),
      acceptsPerTokenPerHour: integer(env, 'COUNCIL_INVITATION_ACCEPTS_PER_TOKEN_PER_HOUR', 5, 1, 1000),
    },
    logLevel: logLevel(env),
    metricsToken: metricsToken(env, production),
    corsOrigins: corsOrigins(env),
    statementTimeoutMs: integer(env, 'COUNCIL_DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
    feedCacheMegabytes: integer(env, 'COUNCIL_FEED_CACHE_MB', 64, 0, 4_096),
    httpRequestTimeoutMs: integer(env, 'COUNCIL_HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
    trustProxy: trustProxy(env),
  };
}
