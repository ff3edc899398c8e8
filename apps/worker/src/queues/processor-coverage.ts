/** A queue and the job names put on it. */
export interface QueueJobNames {
  queue: string;
  jobNames: readonly string[];
}

/** A processor and the job names it handles. */
export interface ProcessorJobNames {
  queue: string;
  handles: readonly string[];
}

/**
 * Throws, listing every gap, unless each queue has exactly one processor, each job name of a
 * queue has a handler, and no processor serves a queue that is not defined.
 */
export function assertProcessorsCoverQueues(queues: readonly QueueJobNames[], processors: readonly ProcessorJobNames[]): void {
  const problems: string[] = [];
  for (const { queue, jobNames } of queues) {
    const serving = processors.filter((processor) => processor.queue === queue);
    if (serving.length === 0) {
      problems.push(`queue '${queue}' has no processor`);
      continue;
    }
    if (serving.length > 1) problems.push(`queue '${queue}' has ${serving.length} processors`);
    const handled = new Set(serving.flatMap((processor) => processor.handles));
    const missing = jobNames.filter((name) => !handled.has(name));
    if (missing.length > 0) problems.push(`queue '${queue}' has no handler for job ${missing.map((name) => `'${name}'`).join(', ')}`);
  }
  const defined = new Set(queues.map(({ queue }) => queue));
  for (const processor of processors) {
    if (!defined.has(processor.queue)) problems.push(`a processor serves queue '${processor.queue}', which no queue definition names`);
  }
  if (problems.length > 0) throw new Error(`the worker's processors do not cover its queues: ${problems.join('; ')}`);
}
