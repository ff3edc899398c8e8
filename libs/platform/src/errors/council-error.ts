import { IntrinsicException } from '@nestjs/common';

/**
 * Every refusal the platform gives on purpose. The GraphQL layer maps `code` to
 * `extensions.code`; anything that is not a CouncilError is reported as an internal error without
 * detail, so a message that reaches a client was always written for it.
 */
export type CouncilErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT' | 'CONFLICT' | 'RATE_LIMITED';

/** Extends Nest's IntrinsicException: a deliberate refusal is an answer, not something to log as a crash. */
export class CouncilError extends IntrinsicException {
  constructor(
    readonly code: CouncilErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = 'CouncilError';
  }

  static notFound(what: string): CouncilError {
    return new CouncilError('NOT_FOUND', `${what} not found`);
  }

  static forbidden(message = 'You are not allowed to do this'): CouncilError {
    return new CouncilError('FORBIDDEN', message);
  }

  static badInput(message: string, details?: Record<string, unknown>): CouncilError {
    return new CouncilError('BAD_USER_INPUT', message, details);
  }

  static conflict(message: string): CouncilError {
    return new CouncilError('CONFLICT', message);
  }
}
