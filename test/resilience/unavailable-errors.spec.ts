import { describe, expect, it } from '@jest/globals';
import { isDatabaseUnavailable } from '../../libs/platform/src/database/database-unavailable';
import { isRedisUnavailable } from '../../libs/platform/src/redis/redis-unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });
/** TypeORM's QueryFailedError copies the driver error's fields and keeps it as driverError. */
const queryFailed = (driverError: Error & { code?: string }) =>
  Object.assign(new Error(driverError.message), { name: 'QueryFailedError', code: driverError.code, driverError });

/**
 * The classifiers behind SERVICE_UNAVAILABLE (format-error.ts): an outage is answered "try again",
 * but a fault of ours must stay an internal error that is logged — never masked as an outage.
 */
describe('what counts as "PostgreSQL or Redis cannot be reached"', () => {
  it('PostgreSQL down, restarting, shutting down or the connection lost', () => {
    for (const error of [
      withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'),
      Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), { code: undefined }),
      new Error('Connection terminated unexpectedly'),
      new Error('timeout exceeded when trying to connect'),
      queryFailed(withCode('terminating connection due to administrator command', '57P01')),
      queryFailed(withCode('the database system is starting up', '57P03')),
      queryFailed(withCode('connection failure', '08006')),
      { name: 'NonErrorThrown', thrownValue: { errno: -111, code: 'ECONNREFUSED' } },
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(true);
    }
  });

  it('not a constraint violation, a bad cast, a syntax error or a bug', () => {
    for (const error of [
      queryFailed(withCode('new row for relation "persons" violates check constraint', '23514')),
      queryFailed(withCode('invalid input syntax for type uuid: "x"', '22P02')),
      queryFailed(withCode('syntax error at or near "FROM"', '42601')),
      queryFailed(withCode('invalid byte sequence for encoding "UTF8": 0x00', '22021')),
      new TypeError("Cannot read properties of undefined (reading 'id')"),
      null,
      'Connection',
    ]) {
      expect(isDatabaseUnavailable(error)).toBe(false);
      expect(isRedisUnavailable(error)).toBe(false);
    }
  });

  it('Redis gone: retries used up, connection closed, command timed out', () => {
    for (const error of [
      Object.assign(
        new Error('Reached the max retries per request limit (which is 2). Refer to "maxRetriesPerRequest" option for details.'),
        {
          name: 'MaxRetriesPerRequestError',
        },
      ),
      new Error('Connection is closed.'),
      new Error("Stream isn't writeable and enableOfflineQueue options is false"),
      new Error('Command timed out'),
    ]) {
      expect(isRedisUnavailable(error)).toBe(true);
    }
  });
});
