import { Global, Module } from '@nestjs/common';
import { MetricsModule } from '@app/platform/metrics/metrics.module';
import { AlertDeliveryMetrics } from './alert-delivery-metrics';

/** GET /metrics on the worker's health port: deliveries, their latency and failures, process metrics. */
@Global()
@Module({
  imports: [MetricsModule],
  providers: [AlertDeliveryMetrics],
  exports: [AlertDeliveryMetrics],
})
export class WorkerMetricsModule {}
