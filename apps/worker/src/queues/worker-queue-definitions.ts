import { DIGEST_QUEUE_JOBS } from '@app/alerts/digest/alert-digest.service';
import { ALERT_QUEUE_JOBS } from '@app/alerts/queues/alert-queues';
import { INCIDENT_QUEUE_JOBS } from '@app/incidents/deliveries/incident-delivery-queue';
import type { QueueJobNames } from './processor-coverage';

/** Every queue the worker serves, with the job names producers put on it. */
export const WORKER_QUEUES: readonly QueueJobNames[] = Object.entries({
  ...ALERT_QUEUE_JOBS,
  ...DIGEST_QUEUE_JOBS,
  ...INCIDENT_QUEUE_JOBS,
}).map(([queue, jobNames]) => ({ queue, jobNames }));
