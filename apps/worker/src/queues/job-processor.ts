import { WorkerHost } from '@nestjs/bullmq';
import type { Job, WorkerOptions } from 'bullmq';

/** What @Processor takes as worker options (the package does not export its type). */
export type ProcessorWorkerOptions = Partial<WorkerOptions>;

export type JobHandler = (job: Job, token?: string) => Promise<unknown>;

/**
 * A BullMQ processor that handles each job name of its queue with its own method. The names it
 * handles are the keys of `handlers`, which the worker checks at start-up against the names the
 * queue carries (assertProcessorsCoverQueues): a job name without a handler stops the start,
 * instead of failing every such job at run time.
 */
export abstract class JobProcessor extends WorkerHost {
  abstract readonly queueName: string;
  protected abstract readonly handlers: Readonly<Record<string, JobHandler>>;

  /**
   * Worker options that come from the configuration (the decorator's are fixed when the class is
   * loaded): applied just before the workers are built.
   */
  abstract runtimeOptions(): ProcessorWorkerOptions;

  /** Closes the worker, letting in-flight jobs finish; nothing to do if it was never built. */
  async closeWorker(): Promise<void> {
    let worker;
    try {
      worker = this.worker;
    } catch {
      return;
    }
    await worker.close();
  }

  handledJobNames(): string[] {
    return Object.keys(this.handlers);
  }

  async process(job: Job, token?: string): Promise<unknown> {
    const handler = Object.hasOwn(this.handlers, job.name) ? this.handlers[job.name] : undefined;
    if (!handler) throw new Error(`${this.queueName}: no handler for job name '${job.name}'`);
    return handler(job, token);
  }
}
