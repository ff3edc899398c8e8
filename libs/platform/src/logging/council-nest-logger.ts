import { Inject, Injectable } from '@nestjs/common';
import { Logger, PARAMS_PROVIDER_TOKEN, PinoLogger, type Params } from 'nestjs-pino';

/** A Nest stack trace: what Nest's exception handlers pass to `error` before the context. */
const STACK_TRACE = /\n\s*at /;

/**
 * nestjs-pino's Nest logger, except for the lines of Nest's exception handlers (`error(message,
 * stack, context)`): their stack stays a `stack` field of its own next to `context`, as every
 * other error line of the platform has it, rather than becoming a made-up `err`.
 */
@Injectable()
export class CouncilNestLogger extends Logger {
  constructor(
    private readonly pino: PinoLogger,
    @Inject(PARAMS_PROVIDER_TOKEN) params: Params,
  ) {
    super(pino, params);
  }

  override error(message: unknown, ...params: unknown[]): void {
    if (!this.stackLine('error', message, params)) super.error(message, ...params);
  }

  override fatal(message: unknown, ...params: unknown[]): void {
    if (!this.stackLine('fatal', message, params)) super.fatal(message, ...params);
  }

  private stackLine(level: 'error' | 'fatal', message: unknown, params: unknown[]): boolean {
    const [stack, context, ...rest] = params;
    if (typeof message !== 'string' || typeof stack !== 'string' || !STACK_TRACE.test(stack) || rest.length > 0) return false;
    if (context !== undefined && typeof context !== 'string') return false;
    this.pino[level]({ ...(context ? { context } : {}), stack }, message);
    return true;
  }
}
