import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

const logger = new Logger('Database');

/** The first words of a statement: enough to find it in the code, never a literal value. */
function statementHead(query: string): string {
  return query.replace(/\s+/g, ' ').trim().slice(0, 120);
}

/**
 * TypeORM's own logger prints failing statements with their parameters, which hold advisory
 * content and personal data. This one logs the error and the statement's head, never parameters,
 * as JSON lines through Nest's logger (pino).
 */
export class CouncilTypeOrmLogger implements TypeOrmLoggerInterface {
  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    logger.error({ msg: 'query failed', error: error instanceof Error ? error.message : error, statement: statementHead(query) });
  }

  logQuerySlow(time: number, query: string): void {
    logger.warn({ msg: 'slow query', durationMs: time, statement: statementHead(query) });
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn(String(message));
  }
}
