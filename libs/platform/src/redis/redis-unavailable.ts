/**
 * Whether an error means "Redis cannot be reached right now": ioredis gave up on a command after
 * its retries, the connection is closed, or the command timed out. Such errors are answered as a
 * temporary unavailability, without detail (a sign-in whose rate limit cannot be checked is
 * refused: RUNNING.md, failing closed).
 */
const MESSAGES = /Connection is closed|Stream isn't writeable|Reached the max retries per request|Command timed out|connect ECONNREFUSED/i;

export function isRedisUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { name, message, cause, thrownValue } = current as { name?: unknown; message?: unknown; cause?: unknown; thrownValue?: unknown };
    if (name === 'MaxRetriesPerRequestError') return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    // thrownValue: graphql-js wraps a rejection that is not an Error instance (another realm's Error) in NonErrorThrown.
    current = cause ?? thrownValue;
  }
  return false;
}
