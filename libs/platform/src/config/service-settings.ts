import { z } from 'zod';
import { auditCheckpointSeedOf } from './audit-checkpoint-key';
import { type Env, parseSettings, setting, wholeNumber } from './setting-schemas';

// The settings of the libraries and of the worker: parts of the one environment schema
// (council-environment.ts), each loadable on its own by the module that is provided with it.

/**
 * Settings of the alert pipeline, read from the environment and validated when the module that
 * needs them is built (the worker refuses to start with a malformed one).
 */
export interface AlertSettings {
  /** Base delay of the exponential retry backoff of a delivery (BullMQ `backoff.delay`). */
  backoffMs: number;
  /** Attempts of one delivery before it is FAILED; the default spans more than 24 hours. */
  deliveryAttempts: number;
  /** Per-request timeout of a webhook POST (ALERTS.md: 10 s). */
  webhookTimeoutMs: number;
  /** How often the relay looks for undispatched outbox rows. */
  relayIntervalMs: number;
  /** How often the relay's reconciler re-adds jobs that Redis may have lost. */
  reconcileIntervalMs: number;
  /** How old a PENDING delivery or an event not yet fanned out must be before the reconciler re-adds its job. */
  reconcileAfterMs: number;
  deliveryConcurrency: number;
  /**
   * BullMQ lock of a running job: a worker that died (SIGKILL, OOM) leaves its jobs active until
   * the lock expires; the stalled-job check then hands them to another worker.
   */
  jobLockMs: number;
  /**
   * Lease of a delivery's sending claim (renewed every third of it while the send lasts): how long
   * a killed process's in-flight deliveries wait before another process may send them again.
   */
  sendLeaseMs: number;
  /** Sender address of e-mail alerts. */
  mailFrom: string;
}

/**
 * 30 s doubling 12 times: the retries are 30 s, 1 min, ... 17 h apart, 34 hours in all — "at least
 * 24 hours" of ALERTS.md with the 13th attempt.
 */
export const DEFAULT_BACKOFF_MS = 30_000;
export const DEFAULT_DELIVERY_ATTEMPTS = 13;
/** Delivery jobs a worker process runs at once (COUNCIL_ALERT_DELIVERY_CONCURRENCY). */
export const DEFAULT_DELIVERY_CONCURRENCY = 200;

export const alertSettingsSchema = z
  .object({
    COUNCIL_ALERT_BACKOFF_MS: wholeNumber('COUNCIL_ALERT_BACKOFF_MS', DEFAULT_BACKOFF_MS, 1, 86_400_000),
    COUNCIL_ALERT_DELIVERY_ATTEMPTS: wholeNumber('COUNCIL_ALERT_DELIVERY_ATTEMPTS', DEFAULT_DELIVERY_ATTEMPTS, 1, 100),
    COUNCIL_WEBHOOK_TIMEOUT_MS: wholeNumber('COUNCIL_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    COUNCIL_OUTBOX_RELAY_INTERVAL_MS: wholeNumber('COUNCIL_OUTBOX_RELAY_INTERVAL_MS', 200, 10, 60_000),
    COUNCIL_ALERT_RECONCILE_INTERVAL_MS: wholeNumber('COUNCIL_ALERT_RECONCILE_INTERVAL_MS', 60_000, 50, 3_600_000),
    COUNCIL_ALERT_RECONCILE_AFTER_MS: wholeNumber('COUNCIL_ALERT_RECONCILE_AFTER_MS', 60_000, 0, 86_400_000),
    // A delivery spends most of its time waiting (the receiver, the claim and the outcome round
    // trips), not computing: at 100 the worker sat idle a third of the time during a nationwide
    // fan-out, at 200 it delivers 50,000 webhooks a quarter sooner (bench:fanout) within 180 MB.
    COUNCIL_ALERT_DELIVERY_CONCURRENCY: wholeNumber('COUNCIL_ALERT_DELIVERY_CONCURRENCY', DEFAULT_DELIVERY_CONCURRENCY, 1, 1000),
    COUNCIL_ALERT_LOCK_MS: wholeNumber('COUNCIL_ALERT_LOCK_MS', 30_000, 1_000, 600_000),
    COUNCIL_ALERT_SEND_LEASE_MS: wholeNumber('COUNCIL_ALERT_SEND_LEASE_MS', 15_000, 1_000, 600_000),
    COUNCIL_ALERT_MAIL_FROM: setting,
  })
  .transform((env): AlertSettings => ({
    backoffMs: env.COUNCIL_ALERT_BACKOFF_MS,
    deliveryAttempts: env.COUNCIL_ALERT_DELIVERY_ATTEMPTS,
    webhookTimeoutMs: env.COUNCIL_WEBHOOK_TIMEOUT_MS,
    relayIntervalMs: env.COUNCIL_OUTBOX_RELAY_INTERVAL_MS,
    reconcileIntervalMs: env.COUNCIL_ALERT_RECONCILE_INTERVAL_MS,
    reconcileAfterMs: env.COUNCIL_ALERT_RECONCILE_AFTER_MS,
    deliveryConcurrency: env.COUNCIL_ALERT_DELIVERY_CONCURRENCY,
    jobLockMs: env.COUNCIL_ALERT_LOCK_MS,
    sendLeaseMs: env.COUNCIL_ALERT_SEND_LEASE_MS,
    mailFrom: env.COUNCIL_ALERT_MAIL_FROM ?? 'Council alerts <alerts@council.invalid>',
  }));

export function loadAlertSettings(env: Env = process.env): AlertSettings {
  return parseSettings(alertSettingsSchema, env);
}

/**
 * Storm control and digests (ALERTS.md, issue 4 "Each person chooses what reaches them"), read
 * from the environment when the alerts module is built; a malformed value stops the process.
 */
export interface AlertPreferenceSettings {
  /**
   * `advisory.updated` events of one advisory within this window coalesce into one fan-out (of the
   * newest event, a BullMQ job delayed by the window and deduplicated per advisory). 0: no coalescing.
   * Updates that make an advisory CRITICAL are never delayed.
   */
  coalesceMs: number;
  /** At most this many alerts per person per originator organisation in 24 hours; CRITICAL is never capped. 0: no cap. */
  dailyCapPerOriginator: number;
  /** When the daily digest runs: a cron pattern in `digestTimeZone` (default 08:00 Japan time)… */
  digestPattern: string;
  digestTimeZone: string;
  /** …or, when set (tests), every this many milliseconds instead. */
  digestEveryMs: number | null;
}

export const alertPreferenceSettingsSchema = z
  .object({
    COUNCIL_ALERT_DIGEST_CRON: setting.transform((raw, ctx) => {
      const pattern = raw ?? '0 8 * * *';
      if (pattern.split(/\s+/).length >= 5) return pattern;
      ctx.addIssue({ code: 'custom', message: 'COUNCIL_ALERT_DIGEST_CRON must be a cron pattern such as "0 8 * * *"' });
      return z.NEVER;
    }),
    COUNCIL_ALERT_DIGEST_EVERY_MS: wholeNumber('COUNCIL_ALERT_DIGEST_EVERY_MS', -1, 0, 7 * 86_400_000).transform((value, ctx) => {
      if (value === -1) return null;
      if (value >= 100) return value;
      ctx.addIssue({ code: 'custom', message: 'COUNCIL_ALERT_DIGEST_EVERY_MS must be at least 100' });
      return z.NEVER;
    }),
    COUNCIL_ALERT_COALESCE_MS: wholeNumber('COUNCIL_ALERT_COALESCE_MS', 180_000, 0, 3_600_000),
    COUNCIL_ALERT_DAILY_CAP_PER_ORIGINATOR: wholeNumber('COUNCIL_ALERT_DAILY_CAP_PER_ORIGINATOR', 50, 0, 1_000_000),
    COUNCIL_ALERT_DIGEST_TZ: setting,
  })
  .transform((env): AlertPreferenceSettings => ({
    coalesceMs: env.COUNCIL_ALERT_COALESCE_MS,
    dailyCapPerOriginator: env.COUNCIL_ALERT_DAILY_CAP_PER_ORIGINATOR,
    digestPattern: env.COUNCIL_ALERT_DIGEST_CRON,
    digestTimeZone: env.COUNCIL_ALERT_DIGEST_TZ ?? 'Asia/Tokyo',
    digestEveryMs: env.COUNCIL_ALERT_DIGEST_EVERY_MS,
  }));

export function loadAlertPreferenceSettings(env: Env = process.env): AlertPreferenceSettings {
  return parseSettings(alertPreferenceSettingsSchema, env);
}

/** Pulls allowed per window, per person (all their tokens together) and per client address. */
export interface FeedRateLimits {
  pullsPerPerson: number;
  pullsPerAddress: number;
  windowSeconds: number;
}

/** The defaults let a reader poll every few seconds; an address gets more because several local governments may share one proxy. */
export const feedRateLimitsSchema = z
  .object({
    COUNCIL_FEED_PULLS_PER_PERSON: wholeNumber('COUNCIL_FEED_PULLS_PER_PERSON', 60, 1, 100_000),
    COUNCIL_FEED_PULLS_PER_ADDRESS: wholeNumber('COUNCIL_FEED_PULLS_PER_ADDRESS', 300, 1, 1_000_000),
    COUNCIL_FEED_RATE_WINDOW_SECONDS: wholeNumber('COUNCIL_FEED_RATE_WINDOW_SECONDS', 60, 1, 86_400),
  })
  .transform((env): FeedRateLimits => ({
    pullsPerPerson: env.COUNCIL_FEED_PULLS_PER_PERSON,
    pullsPerAddress: env.COUNCIL_FEED_PULLS_PER_ADDRESS,
    windowSeconds: env.COUNCIL_FEED_RATE_WINDOW_SECONDS,
  }));

export function loadFeedRateLimits(env: Env = process.env): FeedRateLimits {
  return parseSettings(feedRateLimitsSchema, env);
}

export interface TaxiiSettings {
  /**
   * How long a new version waits before the collection serves it. Its date added (updated_at) is
   * stamped when its transaction starts, but it becomes readable only when that commits: a page
   * read in between would move past it for good. Waiting out the longest write (and the clock skew
   * between replicas) keeps "next" and added_after from losing anything.
   */
  settleMilliseconds: number;
}

export const taxiiSettingsSchema = z
  .object({ COUNCIL_TAXII_SETTLE_MS: wholeNumber('COUNCIL_TAXII_SETTLE_MS', 5000, 0, 600_000) })
  .transform((env): TaxiiSettings => ({ settleMilliseconds: env.COUNCIL_TAXII_SETTLE_MS }));

export function loadTaxiiSettings(env: Env = process.env): TaxiiSettings {
  return parseSettings(taxiiSettingsSchema, env);
}

export interface IncidentWorkerSettings {
  /** How often the worker looks for overdue incidents to remind (COUNCIL_INCIDENT_DEADLINE_CHECK_MS). */
  deadlineCheckMs: number;
}

export const incidentWorkerSettingsSchema = z
  .object({ COUNCIL_INCIDENT_DEADLINE_CHECK_MS: wholeNumber('COUNCIL_INCIDENT_DEADLINE_CHECK_MS', 60_000, 50, 86_400_000) })
  .transform((env): IncidentWorkerSettings => ({ deadlineCheckMs: env.COUNCIL_INCIDENT_DEADLINE_CHECK_MS }));

export function loadIncidentWorkerSettings(env: Env = process.env): IncidentWorkerSettings {
  return parseSettings(incidentWorkerSettingsSchema, env);
}

export interface AuditCheckpointSettings {
  /** The Ed25519 seed that signs checkpoints (COUNCIL_AUDIT_CHECKPOINT_KEY). */
  seed: Buffer;
  /** Where the overseer's file is appended to (COUNCIL_AUDIT_CHECKPOINT_DIR); null: the table only. */
  dir: string | null;
  /** How often the worker checkpoints the chain's head (COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS). */
  intervalMs: number;
}

/** The worker's: in production a missing key or directory stops it with a message naming the setting. */
export const auditCheckpointSettingsSchema = z
  .object({
    NODE_ENV: setting,
    COUNCIL_AUDIT_CHECKPOINT_KEY: setting,
    COUNCIL_JWT_SECRET: setting,
    COUNCIL_AUDIT_CHECKPOINT_DIR: setting,
    COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS: wholeNumber('COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS', 300_000, 100, 86_400_000),
  })
  .transform((env, ctx): AuditCheckpointSettings => {
    if (!env.COUNCIL_AUDIT_CHECKPOINT_DIR && env.NODE_ENV === 'production') {
      ctx.addIssue({
        code: 'custom',
        message:
          "COUNCIL_AUDIT_CHECKPOINT_DIR is required in production: the directory the audit chain's signed checkpoints are appended to for the overseer (docs/OPERATIONS.md)",
      });
    }
    const seed = auditCheckpointSeedOf({
      NODE_ENV: env.NODE_ENV,
      COUNCIL_AUDIT_CHECKPOINT_KEY: env.COUNCIL_AUDIT_CHECKPOINT_KEY,
      COUNCIL_JWT_SECRET: env.COUNCIL_JWT_SECRET,
    });
    if (typeof seed === 'string') ctx.addIssue({ code: 'custom', message: seed });
    return {
      seed: typeof seed === 'string' ? Buffer.alloc(0) : seed,
      dir: env.COUNCIL_AUDIT_CHECKPOINT_DIR ?? null,
      intervalMs: env.COUNCIL_AUDIT_CHECKPOINT_INTERVAL_MS,
    };
  });

export function loadAuditCheckpointSettings(env: Env = process.env): AuditCheckpointSettings {
  return parseSettings(auditCheckpointSettingsSchema, env);
}

/** The database pool of every process (API, worker, migrations, command-line tools). */
export interface DatabasePoolSettings {
  /** Connections of the pool (COUNCIL_DB_POOL_SIZE). */
  size: number;
  /** How long opening a connection may take before the request fails (COUNCIL_DB_CONNECT_TIMEOUT_MS). */
  connectTimeoutMs: number;
}

export const databasePoolSettingsSchema = z
  .object({
    COUNCIL_DB_POOL_SIZE: wholeNumber('COUNCIL_DB_POOL_SIZE', 20, 1, 10_000),
    COUNCIL_DB_CONNECT_TIMEOUT_MS: wholeNumber('COUNCIL_DB_CONNECT_TIMEOUT_MS', 5_000, 0, 3_600_000),
  })
  .transform((env): DatabasePoolSettings => ({ size: env.COUNCIL_DB_POOL_SIZE, connectTimeoutMs: env.COUNCIL_DB_CONNECT_TIMEOUT_MS }));

export function loadDatabasePoolSettings(env: Env = process.env): DatabasePoolSettings {
  return parseSettings(databasePoolSettingsSchema, env);
}

/** The worker's health and /metrics port: COUNCIL_WORKER_PORT, else PORT + 1 (0 stays 0: a free port). */
export const workerPortSchema = z
  .object({ PORT: wholeNumber('PORT', 3000, 0, 65535), COUNCIL_WORKER_PORT: wholeNumber('COUNCIL_WORKER_PORT', -1, 0, 65535) })
  .transform((env) => (env.COUNCIL_WORKER_PORT !== -1 ? env.COUNCIL_WORKER_PORT : env.PORT === 0 ? 0 : env.PORT + 1));

export function loadWorkerPort(env: Env = process.env): number {
  return parseSettings(workerPortSchema, env);
}

/** Where the built console is: COUNCIL_CONSOLE_DIR, else null (the API then looks in dist/console of its working directory). */
export const consoleDirectorySchema = z.object({ COUNCIL_CONSOLE_DIR: setting }).transform((env) => env.COUNCIL_CONSOLE_DIR ?? null);

export function loadConsoleDirectory(env: Env = process.env): string | null {
  return parseSettings(consoleDirectorySchema, env);
}
