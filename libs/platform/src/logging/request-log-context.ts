import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from 'pino';

/**
 * The logger of the HTTP request being handled (a child carrying its request id), so that a log
 * line written anywhere below the request — a resolver, formatError, a service — names the request.
 */
export const requestLogContext = new AsyncLocalStorage<Logger>();
