import { integer } from '@app/platform/config/council-config';

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

type Env = Record<string, string | undefined>;


/**
 * 30 s doubling 12 times: the retries are 30 s, 1 min, ... 17 h apart, 34 hours in all — "at least
 * 24 hours" of ALERTS.md with the 13th attempt.
 */
export const DEFAULT_BACKOFF_MS = 30_000;
export const DEFAULT_DELIVERY_ATTEMPTS = 13;
/** Delivery jobs a worker process runs at once (COUNCIL_ALERT_DELIVERY_CONCURRENCY). */
export const DEFAULT_DELIVERY_CONCURRENCY = 200;

export function loadAlertSettings(env: Env = process.env): AlertSettings {
  return {
    backoffMs: integer(env, 'COUNCIL_ALERT_BACKOFF_MS', DEFAULT_BACKOFF_MS, 1, 86_400_000),
    deliveryAttempts: integer(env, 'COUNCIL_ALERT_DELIVERY_ATTEMPTS', DEFAULT_DELIVERY_ATTEMPTS, 1, 100),
    webhookTimeoutMs: integer(env, 'COUNCIL_WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    relayIntervalMs: integer(env, 'COUNCIL_OUTBOX_RELAY_INTERVAL_MS', 200, 10, 60_000),
    reconcileIntervalMs: integer(env, 'COUNCIL_ALERT_RECONCILE_INTERVAL_MS', 60_000, 50, 3_600_000),
    reconcileAfterMs: integer(env, 'COUNCIL_ALERT_RECONCILE_AFTER_MS', 60_000, 0, 86_400_000),
    // A delivery spends most of its time waiting (the receiver, the claim and the outcome round
    // trips), not computing: at 100 the worker sat idle a third of the time during a nationwide
    // fan-out, at 200 it delivers 50,000 webhooks a quarter sooner (bench:fanout) within 180 MB.
    deliveryConcurrency: integer(env, 'COUNCIL_ALERT_DELIVERY_CONCURRENCY', DEFAULT_DELIVERY_CONCURRENCY, 1, 1000),
    jobLockMs: integer(env, 'COUNCIL_ALERT_LOCK_MS', 30_000, 1_000, 600_000),
    sendLeaseMs: integer(env, 'COUNCIL_ALERT_SEND_LEASE_MS', 15_000, 1_000, 600_000),
    mailFrom: env.COUNCIL_ALERT_MAIL_FROM?.trim() || 'Council alerts <alerts@council.invalid>',
  };
}

export const ALERT_SETTINGS = Symbol('ALERT_SETTINGS');
