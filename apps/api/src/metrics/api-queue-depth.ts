import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DIGEST_QUEUE } from '@app/alerts/digest/alert-digest.service';
import { DELIVERY_QUEUE, ESCALATION_QUEUE, FANOUT_QUEUE } from '@app/alerts/queues/alert-queues';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { MetricsRegistry } from '@app/platform/metrics/metrics-registry';
import { QueueDepthCollector } from '@app/platform/metrics/queue-depth.collector';

export const MONITORED_QUEUES = [FANOUT_QUEUE, DELIVERY_QUEUE, ESCALATION_QUEUE, DIGEST_QUEUE];

/** Queue depth of every alert queue, reported by the API (which every deployment runs). */
@Injectable()
export class ApiQueueDepth implements OnApplicationShutdown {
  private readonly collector: QueueDepthCollector;

  constructor(metrics: MetricsRegistry, @Inject(COUNCIL_CONFIG) config: CouncilConfig) {
    this.collector = new QueueDepthCollector(metrics.registry, {
      redisUrl: config.redisUrl,
      prefix: config.redisPrefix,
      queues: MONITORED_QUEUES,
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.collector.close();
  }
}
