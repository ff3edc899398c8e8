import type { JobsOptions } from 'bullmq';
import type { AlertSettings } from '@app/alerts/alert-settings';

/** Incident deliveries and follow-up reminders share one queue (and the alert retry settings). */
export const INCIDENT_DELIVERY_QUEUE = 'incident-delivery';
/** A report to an authority, and a follow-up reminder to a reporter. */
export const INCIDENT_DELIVERY_JOB = 'deliver';
export const INCIDENT_REMINDER_JOB = 'remind';
export const INCIDENT_QUEUE_JOBS = {
  [INCIDENT_DELIVERY_QUEUE]: [INCIDENT_DELIVERY_JOB, INCIDENT_REMINDER_JOB],
} as const satisfies Record<string, readonly string[]>;

export type IncidentJobData = { deliveryId: string } | { reminderId: string };

/**
 * BullMQ ids may not contain ':'. A delivery's first job is `incident-delivery-<id>`; each
 * secretariat retry is a new generation, `incident-delivery-<id>-<n>`, so the relay adds it
 * while the finished job of the earlier generation is still kept. The deliveryId never changes.
 */
export function deliveryJobId(deliveryId: string, generation: number): string {
  return generation === 0 ? `incident-delivery-${deliveryId}` : `incident-delivery-${deliveryId}-${generation}`;
}

export function reminderJobId(reminderId: string): string {
  return `incident-reminder-${reminderId}`;
}

export function incidentJobOptions(jobId: string, settings: AlertSettings): JobsOptions {
  return {
    jobId,
    attempts: settings.deliveryAttempts,
    backoff: { type: 'exponential', delay: settings.backoffMs },
    removeOnComplete: { age: 7 * 86_400 },
    removeOnFail: { age: 30 * 86_400 },
  };
}
