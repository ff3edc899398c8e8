import { Logger } from '@nestjs/common';
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '@app/platform/database/database-unavailable';
import { CouncilError } from '@app/platform/errors/council-error';
import { isRedisUnavailable } from '@app/platform/redis/redis-unavailable';

const logger = new Logger('GraphQL');

/** Codes that graphql-js and Apollo give to malformed requests; their messages are safe to show. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

function isClientStatus(http: unknown): boolean {
  const status = (http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

const TOO_MANY_VARIABLE_ERRORS = 'Too many errors processing variables';

/** What a client is told while PostgreSQL or Redis cannot be reached (no detail: which one is internal). */
export const UNAVAILABLE_MESSAGE = 'The service is temporarily unavailable: try again in a few seconds';

/**
 * The only way an error reaches a client: a CouncilError with its code and message, a request
 * error from the GraphQL layer, or SERVICE_UNAVAILABLE while PostgreSQL or Redis cannot be reached
 * (the pools reconnect by themselves; the client should retry). Anything else is logged and
 * answered with a generic message, so no stack trace, SQL or internal detail ever leaves the server.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof CouncilError) {
    return {
      message: original.message,
      path: formatted.path,
      extensions: { code: original.code, ...(original.details ? { details: original.details } : {}) },
    };
  }
  const code = formatted.extensions?.code;
  // graphql-js stops coercing variables after 50 bad values with an error that carries no code.
  if (formatted.message.startsWith(TOO_MANY_VARIABLE_ERRORS)) {
    return { message: formatted.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
    return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
  }
  // Apollo's own refusals of a malformed request (a persisted-query hash that does not match...) carry a 4xx status.
  if (original instanceof GraphQLError && !original.originalError && isClientStatus(original.extensions?.http)) {
    return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
  }
  if (isDatabaseUnavailable(original) || isRedisUnavailable(original)) {
    logger.warn(`unavailable: ${original instanceof Error ? original.message : String(original)}`);
    return { message: UNAVAILABLE_MESSAGE, path: formatted.path, extensions: { code: 'SERVICE_UNAVAILABLE' } };
  }
  logger.error(original instanceof Error ? (original.stack ?? original.message) : String(original));
  return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}
