import { z } from 'zod';
import { ConfigError } from './config-error';
import { type Env, flag, parseSettings, setting, url, wholeNumber } from './setting-schemas';

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

export { ConfigError };

const MIN_SECRET_LENGTH = 32;
const MIN_DISTINCT_SECRET_CHARACTERS = 10;
/** Placeholders people paste into configuration; a secret containing one is not random. */
const PLACEHOLDER_SECRETS = [
  'changeme',
  'change-me',
  'change_me',
  'replaceme',
  'replace-me',
  'your-secret',
  'yoursecret',
  'placeholder',
  'example',
  'dev-secret',
  'devsecret',
  'secretsecret',
  'password',
];

/** Production refuses a signing key that is short, repetitive or a known placeholder. */
function weakSecret(secret: string): boolean {
  const lower = secret.toLowerCase();
  return (
    secret.length < MIN_SECRET_LENGTH ||
    new Set(secret).size < MIN_DISTINCT_SECRET_CHARACTERS ||
    PLACEHOLDER_SECRETS.some((placeholder) => lower.includes(placeholder))
  );
}

function required(name: string) {
  return setting.transform((raw, ctx) => {
    if (raw !== undefined) return raw;
    ctx.addIssue({ code: 'custom', message: `${name} is required` });
    return z.NEVER;
  });
}

function requiredUrl(name: string, protocols: string[]) {
  const form = url(name, protocols);
  return setting.transform((raw, ctx) => {
    if (raw === undefined) {
      ctx.addIssue({ code: 'custom', message: `${name} is required` });
      return z.NEVER;
    }
    const checked = form.safeParse(raw);
    if (!checked.success) {
      for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', message: issue.message });
      return z.NEVER;
    }
    return raw;
  });
}

const logLevel = setting.transform((raw, ctx) => {
  const value = raw?.toLowerCase();
  if (value === undefined) return 'info';
  if ((LOG_LEVELS as readonly string[]).includes(value)) return value as LogLevel;
  ctx.addIssue({ code: 'custom', message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, got "${value}"` });
  return z.NEVER;
});

/** COUNCIL_CORS_ORIGINS: comma-separated origins (scheme://host[:port]), each explicit: no wildcard. */
const corsOrigins = setting.transform((raw, ctx) => {
  const origins: string[] = [];
  for (const entry of (raw ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)) {
    let parsed: URL | null;
    try {
      parsed = new URL(entry);
    } catch {
      parsed = null;
    }
    const valid = parsed && ['http:', 'https:'].includes(parsed.protocol) && parsed.origin === entry.replace(/\/$/, '');
    if (!valid || entry.includes('*')) {
      ctx.addIssue({
        code: 'custom',
        message: `COUNCIL_CORS_ORIGINS: "${entry}" is not an origin such as https://console.example.jp (no path, no wildcard)`,
      });
      continue;
    }
    origins.push((parsed as URL).origin);
  }
  return origins;
});

/** A hop count, or proxy addresses/subnets/names (loopback, linklocal, uniquelocal); never "true" (spoofable). */
const trustProxy = setting.transform((raw, ctx): number | string | null => {
  if (raw === undefined) return null;
  if (/^\d{1,2}$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F:.]+(\/\d{1,3})?)$/.test(entry))) return entries.join(',');
  ctx.addIssue({
    code: 'custom',
    message: 'COUNCIL_TRUST_PROXY must be a number of proxy hops or a list of proxy addresses/subnets (e.g. loopback, 10.0.0.0/8)',
  });
  return z.NEVER;
});

/** The variables of CouncilConfig, each checked on its own; what depends on NODE_ENV or on another variable is checked below. */
const councilVariables = z.object({
  NODE_ENV: setting,
  PORT: wholeNumber('PORT', 3000, 0, 65535),
  DATABASE_URL: requiredUrl('DATABASE_URL', ['postgres:', 'postgresql:']),
  REDIS_URL: requiredUrl('REDIS_URL', ['redis:', 'rediss:']),
  COUNCIL_REDIS_PREFIX: setting,
  COUNCIL_PUBLIC_URL: setting,
  COUNCIL_JWT_SECRET: required('COUNCIL_JWT_SECRET'),
  // Keeps tokens signed before a rotation valid until they expire.
  COUNCIL_JWT_SECRET_PREVIOUS: setting,
  COUNCIL_ALERT_SECRET_KEY: setting,
  COUNCIL_ACCESS_TOKEN_TTL_SECONDS: wholeNumber('COUNCIL_ACCESS_TOKEN_TTL_SECONDS', 900, 30, 86400),
  COUNCIL_BOOTSTRAP_ADMIN_EMAIL: setting,
  // Not trimmed: a password's spaces are its own.
  COUNCIL_BOOTSTRAP_ADMIN_PASSWORD: z.string().optional(),
  COUNCIL_ALLOW_INSECURE_WEBHOOKS: flag('COUNCIL_ALLOW_INSECURE_WEBHOOKS'),
  SMTP_URL: url('SMTP_URL', ['smtp:', 'smtps:']),
  COUNCIL_PLEDGE_VALIDITY_DAYS: wholeNumber('COUNCIL_PLEDGE_VALIDITY_DAYS', 365, 1, 3660),
  COUNCIL_INVITATION_VALIDITY_DAYS: wholeNumber('COUNCIL_INVITATION_VALIDITY_DAYS', 7, 1, 90),
  COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT: wholeNumber('COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT', 5, 1, 1000),
  COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS: wholeNumber('COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS', 20, 1, 100000),
  COUNCIL_LOGIN_WINDOW_SECONDS: wholeNumber('COUNCIL_LOGIN_WINDOW_SECONDS', 900, 1, 86400),
  COUNCIL_INVITATIONS_PER_PERSON_PER_HOUR: wholeNumber('COUNCIL_INVITATIONS_PER_PERSON_PER_HOUR', 100, 1, 100000),
  COUNCIL_INVITATIONS_PER_ADDRESS_PER_HOUR: wholeNumber('COUNCIL_INVITATIONS_PER_ADDRESS_PER_HOUR', 200, 1, 100000),
  COUNCIL_INVITATION_ACCEPTS_PER_ADDRESS_PER_HOUR: wholeNumber('COUNCIL_INVITATION_ACCEPTS_PER_ADDRESS_PER_HOUR', 20, 1, 100000),
  COUNCIL_INVITATION_ACCEPTS_PER_TOKEN_PER_HOUR: wholeNumber('COUNCIL_INVITATION_ACCEPTS_PER_TOKEN_PER_HOUR', 5, 1, 1000),
  LOG_LEVEL: logLevel,
  COUNCIL_METRICS_TOKEN: setting,
  COUNCIL_CORS_ORIGINS: corsOrigins,
  COUNCIL_DB_STATEMENT_TIMEOUT_MS: wholeNumber('COUNCIL_DB_STATEMENT_TIMEOUT_MS', 15_000, 0, 3_600_000),
  COUNCIL_FEED_CACHE_MB: wholeNumber('COUNCIL_FEED_CACHE_MB', 64, 0, 4_096),
  COUNCIL_HTTP_REQUEST_TIMEOUT_MS: wholeNumber('COUNCIL_HTTP_REQUEST_TIMEOUT_MS', 30_000, 1_000, 600_000),
  COUNCIL_TRUST_PROXY: trustProxy,
});

type CouncilVariables = z.output<typeof councilVariables>;

/** What production demands beyond each variable's own form; runs even when another variable is malformed, so all are reported. */
function checkCouncilCombinations(env: CouncilVariables, ctx: z.RefinementCtx): void {
  const production = env.NODE_ENV === 'production';
  const problem = (message: string) => ctx.addIssue({ code: 'custom', message });
  const secrets = [env.COUNCIL_JWT_SECRET, env.COUNCIL_JWT_SECRET_PREVIOUS].filter(
    (secret): secret is string => typeof secret === 'string',
  );
  if (production && secrets.some(weakSecret)) {
    problem(
      `COUNCIL_JWT_SECRET and COUNCIL_JWT_SECRET_PREVIOUS must be random strings of at least ${MIN_SECRET_LENGTH} characters (not a placeholder)`,
    );
  }
  const key = env.COUNCIL_ALERT_SECRET_KEY;
  if (key === undefined && production) {
    // Derived from the JWT secret, a rotation of that would make every webhook unusable.
    problem(
      'COUNCIL_ALERT_SECRET_KEY is required in production: it seals the webhook signing secrets, independently of COUNCIL_JWT_SECRET ' +
        '(an installation that ran without it: set it to the current COUNCIL_JWT_SECRET, which is the key its webhook secrets were sealed with)',
    );
  } else if (key !== undefined && (production ? weakSecret(key) : key.length < MIN_SECRET_LENGTH)) {
    problem(`COUNCIL_ALERT_SECRET_KEY must be a random string of at least ${MIN_SECRET_LENGTH} characters (not a placeholder)`);
  }
  if (!!env.COUNCIL_BOOTSTRAP_ADMIN_EMAIL !== !!env.COUNCIL_BOOTSTRAP_ADMIN_PASSWORD) {
    problem('COUNCIL_BOOTSTRAP_ADMIN_EMAIL and COUNCIL_BOOTSTRAP_ADMIN_PASSWORD go together');
  }
  if (production && env.COUNCIL_METRICS_TOKEN !== undefined && env.COUNCIL_METRICS_TOKEN.length < 16) {
    problem('COUNCIL_METRICS_TOKEN must be at least 16 characters');
  }
}

function toCouncilConfig(env: CouncilVariables): CouncilConfig {
  const adminEmail = env.COUNCIL_BOOTSTRAP_ADMIN_EMAIL;
  const adminPassword = env.COUNCIL_BOOTSTRAP_ADMIN_PASSWORD;
  return {
    production: env.NODE_ENV === 'production',
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisPrefix: env.COUNCIL_REDIS_PREFIX ?? 'council',
    port: env.PORT,
    publicUrl: (env.COUNCIL_PUBLIC_URL ?? `http://localhost:${env.PORT}`).replace(/\/+$/, ''),
    jwtSecrets: [env.COUNCIL_JWT_SECRET, env.COUNCIL_JWT_SECRET_PREVIOUS].filter((secret): secret is string => !!secret),
    alertSecretKey: env.COUNCIL_ALERT_SECRET_KEY ?? null,
    accessTokenTtlSeconds: env.COUNCIL_ACCESS_TOKEN_TTL_SECONDS,
    bootstrapAdmin: adminEmail && adminPassword ? { email: adminEmail, password: adminPassword } : null,
    allowInsecureWebhooks: env.COUNCIL_ALLOW_INSECURE_WEBHOOKS,
    smtpUrl: env.SMTP_URL ?? null,
    pledgeValidityDays: env.COUNCIL_PLEDGE_VALIDITY_DAYS,
    invitationValidityDays: env.COUNCIL_INVITATION_VALIDITY_DAYS,
    login: {
      maxFailuresPerAccount: env.COUNCIL_LOGIN_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: env.COUNCIL_LOGIN_MAX_FAILURES_PER_ADDRESS,
      windowSeconds: env.COUNCIL_LOGIN_WINDOW_SECONDS,
    },
    invitationLimits: {
      perInviterPerHour: env.COUNCIL_INVITATIONS_PER_PERSON_PER_HOUR,
      perAddressPerHour: env.COUNCIL_INVITATIONS_PER_ADDRESS_PER_HOUR,
      acceptsPerAddressPerHour: env.COUNCIL_INVITATION_ACCEPTS_PER_ADDRESS_PER_HOUR,
      acceptsPerTokenPerHour: env.COUNCIL_INVITATION_ACCEPTS_PER_TOKEN_PER_HOUR,
    },
    logLevel: env.LOG_LEVEL,
    metricsToken: env.COUNCIL_METRICS_TOKEN ?? null,
    corsOrigins: env.COUNCIL_CORS_ORIGINS,
    statementTimeoutMs: env.COUNCIL_DB_STATEMENT_TIMEOUT_MS,
    feedCacheMegabytes: env.COUNCIL_FEED_CACHE_MB,
    httpRequestTimeoutMs: env.COUNCIL_HTTP_REQUEST_TIMEOUT_MS,
    trustProxy: env.COUNCIL_TRUST_PROXY,
  };
}

/** CouncilConfig's part of the environment schema (council-environment.ts holds the whole). */
export const councilConfigSchema = councilVariables.superRefine(checkCouncilCombinations, { when: () => true }).transform(toCouncilConfig);

export function loadCouncilConfig(env: Env = process.env): CouncilConfig {
  return parseSettings(councilConfigSchema, env);
}
