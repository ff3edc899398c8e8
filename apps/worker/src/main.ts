import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadCouncilConfig } from '@app/platform/config/council-config';
import { createCouncilLogger } from '@app/platform/logging/council-logger';
import { PinoNestLogger } from '@app/platform/logging/pino-nest-logger';
import { WorkerModule } from './worker.module';

/** Health checks and /metrics of the worker listen here (PORT + 1 unless COUNCIL_WORKER_PORT is set). */
function healthPort(apiPort: number): number {
  const raw = process.env.COUNCIL_WORKER_PORT;
  return raw ? Number(raw) : apiPort === 0 ? 0 : apiPort + 1;
}

/**
 * How far V8 lets the old space grow past what its last full collection found live: 1.5x, where
 * on a machine with gigabytes of memory it allows 4x. A nationwide fan-out promotes some 20 MB/s
 * of short-lived delivery garbage (HTTP requests and Redis commands in flight at a concurrency of
 * 100), so with 45 MB live the heap reached 220 MB between two full collections and the worker
 * 300 MB of RSS. 1.5x is within the 1.3-2x V8 itself uses on small devices; the collections it
 * adds mark a small heap, mostly concurrently. Not a cap: the heap still grows as far as the live
 * data needs. V8 reads it at every full collection, so setting it at start-up works; a value on
 * the command line or in NODE_OPTIONS wins.
 */
const HEAP_GROWING_PERCENT = 50;

function boundHeapGrowth(): void {
  const given = [...process.execArgv, process.env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('heap-growing-percent'));
  if (!given) setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

async function main(): Promise<void> {
  boundHeapGrowth();
  const config = loadCouncilConfig();
  const logger = new PinoNestLogger(createCouncilLogger({ service: 'worker', level: config.logLevel }));
  const app = await NestFactory.create(WorkerModule, { logger });
  // SIGTERM: BullMQ workers close (finishing or returning in-flight jobs) before the process exits.
  app.enableShutdownHooks();
  const port = healthPort(config.port);
  await app.listen(port);
  new Logger('worker').log(`alert worker running; health at :${port}/health/ready`);
}

main().catch((error: unknown) => {
  createCouncilLogger({ service: 'worker', level: 'info' }).fatal(
    { error: error instanceof Error ? error.message : String(error) },
    'worker failed to start',
  );
  process.exit(1);
});
