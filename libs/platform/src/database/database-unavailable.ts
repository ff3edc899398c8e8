/**
 * Whether an error means "PostgreSQL cannot be reached right now" (down, restarting, shutting
 * down, connection lost or timed out) rather than a fault of the request or of our code: such
 * errors are answered as a temporary unavailability, without detail, and the pool reconnects by
 * itself once the server is back.
 */
const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/** SQLSTATE: 08 connection exceptions; 57P01-57P03 admin shutdown, crash shutdown, cannot connect now. */
const SQLSTATE = /^(08...|57P0[123])$/;

const MESSAGES =
  /Connection terminated|connection timeout|timeout exceeded when trying to connect|not queryable|Cannot use a pool after calling end|the database system is (starting up|shutting down|in recovery mode)|terminating connection due to administrator command/i;

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    if (typeof current !== 'object') return false;
    const { code, message, driverError, cause, errors, thrownValue } = current as {
      code?: unknown;
      message?: unknown;
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
      thrownValue?: unknown;
    };
    if (typeof code === 'string' && (CONNECTION_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (typeof message === 'string' && MESSAGES.test(message)) return true;
    // Node's happy-eyeballs connect rejects with an AggregateError of per-address failures.
    if (Array.isArray(errors) && errors.some((inner) => isDatabaseUnavailable(inner))) return true;
    // thrownValue: graphql-js wraps a rejection that is not an Error instance (another realm's Error) in NonErrorThrown.
    current = driverError ?? cause ?? thrownValue;
  }
  return false;
}
