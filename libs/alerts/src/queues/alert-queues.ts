import type { JobsOptions } from 'bullmq';
import { Severity } from '@app/platform/vocabulary';
import type { AlertSettings } from '../alert-settings';

export const FANOUT_QUEUE = 'alert-fanout';
export const DELIVERY_QUEUE = 'alert-delivery';
export const ESCALATION_QUEUE = 'alert-escalation';

/** The job names each queue carries: the worker refuses to start unless its processor handles every one. */
export const FANOUT_JOB = 'fan-out';
export const DELIVERY_JOB = 'deliver';
export const ESCALATION_JOB = 'escalate';

export const ALERT_QUEUE_JOBS = {
  [FANOUT_QUEUE]: [FANOUT_JOB],
  [DELIVERY_QUEUE]: [DELIVERY_JOB],
  [ESCALATION_QUEUE]: [ESCALATION_JOB],
} as const satisfies Record<string, readonly string[]>;

export interface FanoutJobData {
  outboxEventId: string;
}

export interface DeliveryJobData {
  deliveryId: string;
}

export interface EscalationJobData {
  alertId: string;
}

/** BullMQ: a lower number goes first. Every job has one (jobs without a priority would go first). */
const PRIORITY: Record<Severity, number> = {
  [Severity.CRITICAL]: 1,
  [Severity.HIGH]: 2,
  [Severity.MEDIUM]: 3,
  [Severity.LOW]: 4,
  [Severity.INFO]: 5,
};

export function priorityOf(severity: string): number {
  return PRIORITY[severity as Severity] ?? PRIORITY[Severity.INFO];
}

/** Job ids may not contain ':' (BullMQ 6); the outbox row id makes a relay replay a no-op. */
export function fanoutJobId(outboxEventId: string): string {
  return `outbox-${outboxEventId}`;
}

/** A delivery's job id is its delivery id: a replayed fan-out adds nothing new. */
export function deliveryJobOptions(deliveryId: string, severity: string, settings: AlertSettings): JobsOptions {
  return {
    jobId: deliveryId,
    priority: priorityOf(severity),
    attempts: settings.deliveryAttempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { age: 7 * 86_400, count: 200_000 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

export function fanoutJobOptions(outboxEventId: string): JobsOptions {
  return {
    jobId: fanoutJobId(outboxEventId),
    attempts: 20,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  };
}

/** One delayed job per unacknowledged CRITICAL alert; acknowledgement removes it by this id. */
export function escalationJobId(alertId: string): string {
  return `escalate-${alertId}`;
}

export function escalationJobOptions(alertId: string, delayMs: number): JobsOptions {
  return {
    jobId: escalationJobId(alertId),
    delay: Math.max(0, Math.round(delayMs)),
    priority: PRIORITY[Severity.CRITICAL],
    attempts: 10,
    backoff: { type: 'exponential', delay: 1_000 },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  };
}
