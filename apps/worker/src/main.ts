import 'reflect-metadata';
import { setFlagsFromString } from 'node:v8';
import { type DynamicModule, Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { Logger as PinoLogger } from 'pino';
import { loadWorkerEnvironment } from '@app/platform/config/council-environment';
import { createCouncilLogger } from '@app/platform/logging/council-logger';
import { CouncilLoggingModule } from '@app/platform/logging/council-logging.module';
import { CouncilNestLogger } from '@app/platform/logging/council-nest-logger';
import { WorkerModule } from './worker.module';

/** The worker process: its modules, with Nest's logging on the process's pino logger (tests build WorkerModule alone). */
@Module({ imports: [WorkerModule] })
class WorkerProcessModule {
  static loggingTo(logger: PinoLogger): DynamicModule {
    return { module: WorkerProcessModule, imports: [CouncilLoggingModule.forRoot(logger)] };
  }
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
  // Every missing or malformed setting at once, before anything starts.
  const environment = loadWorkerEnvironment();
  const log = createCouncilLogger({ service: 'worker', level: environment.council.logLevel });
  const app = await NestFactory.create(WorkerProcessModule.loggingTo(log), { bufferLogs: true });
  app.useLogger(app.get(CouncilNestLogger));
  // SIGTERM: BullMQ workers close (finishing or returning in-flight jobs) before the process exits.
  app.enableShutdownHooks();
  // Health checks and /metrics of the worker (PORT + 1 unless COUNCIL_WORKER_PORT is set).
  const port = environment.workerPort;
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
