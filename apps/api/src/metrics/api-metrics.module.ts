import { Module } from '@nestjs/common';
import { MetricsModule } from '@app/platform/metrics/metrics.module';
import { ApiQueueDepth } from './api-queue-depth';
import { HttpMetrics } from './http-metrics';
import { OutboxLagCollector } from './outbox-lag.collector';

/** GET /metrics on the API: request latency, alert queue depth, outbox lag, process metrics. */
@Module({
  imports: [MetricsModule],
  providers: [HttpMetrics, ApiQueueDepth, OutboxLagCollector],
  exports: [HttpMetrics],
})
export class ApiMetricsModule {}
