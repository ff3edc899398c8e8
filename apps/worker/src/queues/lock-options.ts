import type { AlertSettings } from '@app/alerts/alert-settings';
import type { ProcessorWorkerOptions } from './job-processor';

/** A dead worker's jobs go back to the queue once their lock expires (checked every lock period). */
export function lockOptions(settings: AlertSettings): ProcessorWorkerOptions {
  return { lockDuration: settings.jobLockMs, stalledInterval: settings.jobLockMs };
}
