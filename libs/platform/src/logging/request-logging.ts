import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PinoLogger } from 'nestjs-pino';
import type { Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import { redactUrl } from './redact-url';
import { requestOperationOf } from './request-operation';

export const REQUEST_ID_HEADER = 'x-request-id';

/** An incoming X-Request-Id is kept when it is a plain token (a proxy's UUID, a trace id); anything else is replaced. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** Paths polled by machines: logged only when they fail, to keep the logs about people's requests. */
const QUIET_PATHS = /^\/(health\/(live|ready)|metrics)(\?|$)/;

export function requestIdFor(request: IncomingMessage): string {
  const incoming = request.headers[REQUEST_ID_HEADER];
  const value = Array.isArray(incoming) ? incoming[0] : incoming;
  return value && SANE_REQUEST_ID.test(value) ? value : randomUUID();
}

/**
 * The access log and the request id, as one Express middleware mounted before everything else:
 * every request gets an id (echoed as X-Request-Id), one JSON line when it completes (method,
 * URL with credential parameters redacted, status, time, the GraphQL operation's type, name and
 * error codes),
 * and, through nestjs-pino's context, its id on everything logged while it runs. Headers, bodies
 * and GraphQL variables are never logged.
 */
export function requestLogging(logger: Logger, context: PinoLogger): (req: IncomingMessage, res: ServerResponse, next: () => void) => void {
  const http = pinoHttp({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    customAttributeKeys: { reqId: 'requestId', responseTime: 'durationMs' },
    genReqId: (req, res) => {
      const id = requestIdFor(req);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (req: { method?: string; url?: string; raw?: IncomingMessage }) => ({
        method: req.method,
        url: redactUrl(req.raw ? originalUrl(req.raw) : req.url),
      }),
      res: (res: { statusCode?: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error) => ({ type: err.name, message: err.message }),
    },
    customLogLevel: (req, res, err) => {
      if (err || res.statusCode >= 500) return 'error';
      if (QUIET_PATHS.test(originalUrl(req) ?? '')) return 'silent';
      return 'info';
    },
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: Record<string, unknown>) => completion(req, res, value),
    customErrorObject: (req, res, _error, value: Record<string, unknown>) => completion(req, res, value),
  });
  return (req, res, next) => {
    http(req, res);
    context.runInContext(next, { bindings: { requestId: (req as IncomingMessage & { id?: unknown }).id } });
  };
}

/** Express strips a router's mount path from req.url; the log wants the URL as requested. */
function originalUrl(req: IncomingMessage): string | undefined {
  return (req as IncomingMessage & { originalUrl?: string }).originalUrl ?? req.url;
}

function completion(req: IncomingMessage, res: ServerResponse, value: Record<string, unknown>): Record<string, unknown> {
  const operation = requestOperationOf(req);
  return {
    method: req.method,
    url: redactUrl(originalUrl(req)),
    statusCode: res.statusCode,
    durationMs: value.durationMs,
    ...(value.err ? { err: value.err } : {}),
    ...(operation
      ? {
          graphql: {
            type: operation.type,
            operationName: operation.name,
            rootField: operation.rootField,
            ...(operation.errorCodes.length ? { errorCodes: operation.errorCodes } : {}),
          },
        }
      : {}),
  };
}
