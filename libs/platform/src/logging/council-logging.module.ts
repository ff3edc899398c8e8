import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { errorFields } from './council-logger';
import { CouncilNestLogger } from './council-nest-logger';

/**
 * Nest's logging through nestjs-pino, on the process's one pino logger (createCouncilLogger:
 * service, level, redaction, destination): every `new Logger('Context')` line becomes JSON, and
 * inside an HTTP request carries its request id (requestLogging binds it). The access log is not
 * nestjs-pino's route middleware (`forRoutes: []`): Nest mounts that after the application's own
 * middleware, so body-size refusals, CORS preflights and the console's files would go unlogged and
 * without a request id; requestLogging runs first instead.
 * nestjs-pino keeps one root logger per process (the first one given): one application per process.
 */
@Module({})
export class CouncilLoggingModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: CouncilLoggingModule,
      // pino-http would put its own err serializer (every property of the error) over the logger's.
      imports: [LoggerModule.forRoot({ pinoHttp: { logger, serializers: { err: errorFields } }, forRoutes: [] })],
      providers: [CouncilNestLogger],
      exports: [CouncilNestLogger],
    };
  }
}
