import { BullRegistrar, Processor } from '@nestjs/bullmq';
import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobProcessor } from './job-processor';
import { assertProcessorsCoverQueues } from './processor-coverage';
import { WORKER_QUEUES } from './worker-queue-definitions';

/**
 * Starts the BullMQ workers (BullModule's manualRegistration) once the check has passed that every
 * queue of the worker has a processor handling each of its job names: a gap stops the start with
 * the list of gaps, before any job is taken. Each processor's configured options (connection,
 * concurrency, locks) are applied just before its worker is built, since decorators cannot read
 * the configuration.
 */
@Injectable()
export class ProcessorRegistration implements OnApplicationBootstrap {
  private readonly logger = new Logger('Worker');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly registrar: BullRegistrar,
  ) {}

  onApplicationBootstrap(): void {
    const processors = this.discovery
      .getProviders()
      .map((wrapper) => wrapper.instance as unknown)
      .filter((instance): instance is JobProcessor => instance instanceof JobProcessor);
    assertProcessorsCoverQueues(
      WORKER_QUEUES,
      processors.map((processor) => ({ queue: processor.queueName, handles: processor.handledJobNames() })),
    );
    for (const processor of processors) Processor(processor.queueName, processor.runtimeOptions())(processor.constructor);
    this.registrar.register();
    for (const processor of processors) {
      const { worker } = processor;
      worker.on('error', (error) => this.logger.warn(`${worker.name}: ${error.message}`));
      worker.on('failed', (job, error) => {
        if (job) this.logger.debug?.(`${worker.name} job ${job.id} attempt ${job.attemptsMade} failed: ${error.message}`);
      });
    }
  }
}
