import { Logger, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { QueueDashboard } from './admin/queue-dashboard';
import { AppModule } from './app.module';
import { serveConsole } from './console/serve-console';
import { councilValidationPipe } from './graphql/validation.pipe';

/** RUNNING.md: request bodies over 1 MB are refused with 413. */
export const MAX_BODY_BYTES = '1mb';

/** Builds the API application (used by main.ts and by the tests, so both run the same app). */
export async function createApiApp(options: { logger?: false | undefined } = {}): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule, {
    bodyParser: false,
    logger: options.logger === false ? false : new Logger(),
  });
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false });
  app.useGlobalPipes(councilValidationPipe());
  app.get(QueueDashboard).mount(app);
  serveConsole(app);
  app.enableShutdownHooks();
  return app;
}
