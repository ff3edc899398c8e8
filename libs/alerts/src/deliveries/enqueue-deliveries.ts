import type { Queue } from 'bullmq';
import type { AlertSettings } from '../alert-settings';
import { deliveryJobOptions, type DeliveryJobData } from '../queues/alert-queues';

const BULK = 1000;

/**
 * Adds delivery jobs, 1000 per addBulk, the delivery id as the job id: a delivery whose job still
 * exists (waiting, delayed for a retry, completed or failed) is not added twice.
 */
export async function enqueueDeliveries(
  queue: Queue<DeliveryJobData>,
  settings: AlertSettings,
  rows: ReadonlyArray<{ id: string; severity: string }>,
): Promise<number> {
  for (let start = 0; start < rows.length; start += BULK) {
    await queue.addBulk(
      rows.slice(start, start + BULK).map((row) => ({
        name: 'deliver',
        data: { deliveryId: row.id },
        opts: deliveryJobOptions(row.id, row.severity, settings),
      })),
    );
  }
  return rows.length;
}
