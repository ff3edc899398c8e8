import { type DynamicModule, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { PinoLogger } from 'nestjs-pino';
import type { DestinationStream, Logger } from 'pino';
import { loadApiEnvironment } from '@app/platform/config/council-environment';
import { createCouncilLogger } from '@app/platform/logging/council-logger';
import { CouncilLoggingModule } from '@app/platform/logging/council-logging.module';
import { CouncilNestLogger } from '@app/platform/logging/council-nest-logger';
import { requestLogging } from '@app/platform/logging/request-logging';
import { QueueDashboard } from './admin/queue-dashboard';
import { AppModule } from './app.module';
import { serveConsole } from './console/serve-console';
import { councilValidationPipe } from './graphql/validation.pipe';
import { corsOptions } from './http/cors';
import { securityHeaders } from './http/security-headers';
import { applyServerTimeouts } from './http/server-timeouts';
import { ApiMetricsModule } from './metrics/api-metrics.module';
import { HttpMetrics } from './metrics/http-metrics';

/** RUNNING.md: request bodies over 1 MB are refused with 413. */
export const MAX_BODY_BYTES = '1mb';

/** The API process: the application and what observes it (GET /metrics). */
@Module({ imports: [AppModule, ApiMetricsModule] })
export class ApiProcessModule {
  /** With Nest's logging on the process's pino logger. */
  static loggingTo(logger: Logger): DynamicModule {
    return { module: ApiProcessModule, imports: [CouncilLoggingModule.forRoot(logger)] };
  }
}

export interface ApiAppOptions {
  /** false: no log output (tests); request ids are still given. */
  logger?: false | undefined;
  /** Where log lines go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

/** Builds the API application (used by main.ts and by the tests, so both run the same app). */
export async function createApiApp(options: ApiAppOptions = {}): Promise<INestApplication> {
  // Every missing or malformed setting at once, before anything starts.
  const config = loadApiEnvironment().council;
  const log = createCouncilLogger({
    service: 'api',
    level: options.logger === false ? 'silent' : config.logLevel,
    destination: options.logDestination,
  });
  const app = await NestFactory.create<NestExpressApplication>(ApiProcessModule.loggingTo(log), { bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(CouncilNestLogger));
  if (config.trustProxy !== null) app.set('trust proxy', config.trustProxy);
  // First, so that every response has a request id and a log line, and is measured.
  app.use(requestLogging(log, await app.resolve(PinoLogger)));
  app.use(app.get(HttpMetrics).middleware());
  app.use(securityHeaders({ https: config.publicUrl.startsWith('https:') }));
  app.enableCors(corsOptions(config.corsOrigins));
  app.useBodyParser('json', { limit: MAX_BODY_BYTES });
  app.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: false });
  app.useGlobalPipes(councilValidationPipe());
  app.get(QueueDashboard).mount(app);
  serveConsole(app);
  applyServerTimeouts(app.getHttpServer(), config.httpRequestTimeoutMs);
  app.enableShutdownHooks();
  return app;
}
