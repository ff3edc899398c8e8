import 'reflect-metadata';
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

async function main(): Promise<void> {
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
