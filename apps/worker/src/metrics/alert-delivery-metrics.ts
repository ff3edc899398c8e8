import { Injectable } from '@nestjs/common';
import type { Job } from 'bullmq';
import { Counter, Histogram } from 'prom-client';
import type { DeliveryOutcome } from '@app/alerts/deliveries/alert-delivery.service';
import { MetricsRegistry } from '@app/platform/metrics/metrics-registry';

/**
 * Alert deliveries as this worker completes them: `council_alert_deliveries_total{outcome}`,
 * `council_alert_delivery_latency_seconds{outcome}` (from the job's first enqueue to its final
 * outcome, retries and backoff included) and `council_alert_delivery_attempt_failures_total`
 * (failed attempts that will be retried, or were the last).
 */
@Injectable()
export class AlertDeliveryMetrics {
  private readonly outcomes: Counter<'outcome'>;
  private readonly latency: Histogram<'outcome'>;
  private readonly attemptFailures: Counter<'final'>;

  constructor(metrics: MetricsRegistry) {
    this.outcomes = new Counter({
      name: 'council_alert_deliveries_total',
      help: 'Alert deliveries finished by this worker, by outcome (DELIVERED, FAILED, CANCELLED, SKIPPED)',
      labelNames: ['outcome'],
      registers: [metrics.registry],
    });
    this.latency = new Histogram({
      name: 'council_alert_delivery_latency_seconds',
      help: 'From the delivery job being queued to its final outcome, retries included',
      labelNames: ['outcome'],
      buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
      registers: [metrics.registry],
    });
    this.attemptFailures = new Counter({
      name: 'council_alert_delivery_attempt_failures_total',
      help: 'Delivery attempts that failed (final="true": the last attempt, the delivery is FAILED)',
      labelNames: ['final'],
      registers: [metrics.registry],
    });
  }

  /** A delivery reached its outcome (a send, a recorded refusal or cancellation, or a skip of a finished one). */
  finished(job: Pick<Job, 'timestamp'>, outcome: DeliveryOutcome, now = Date.now()): void {
    this.outcomes.inc({ outcome });
    if (outcome !== 'SKIPPED') this.latency.observe({ outcome }, Math.max(0, (now - job.timestamp) / 1000));
  }

  /** An attempt threw; on the final one the delivery is FAILED for good. */
  attemptFailed(job: Pick<Job, 'timestamp'>, finalAttempt: boolean, now = Date.now()): void {
    this.attemptFailures.inc({ final: String(finalAttempt) });
    if (finalAttempt) this.finished(job, 'FAILED', now);
  }
}
