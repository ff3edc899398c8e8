import { Module } from '@nestjs/common';
import { MetricsController } from './metrics.controller';
import { MetricsRegistry } from './metrics-registry';

/** The registry and GET /metrics; the API and the worker add their own collectors to the registry. */
@Module({
  providers: [MetricsRegistry],
  controllers: [MetricsController],
  exports: [MetricsRegistry],
})
export class MetricsModule {}
