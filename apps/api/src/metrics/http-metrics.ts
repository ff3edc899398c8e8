import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { Counter, Histogram } from 'prom-client';
import { requestOperationOf } from '@app/platform/logging/request-operation';
import { MetricsRegistry } from '@app/platform/metrics/metrics-registry';

/** Route labels: the first path segment when it is one of the API's surfaces, else "other" (bounded). */
const SURFACES = new Set(['graphql', 'health', 'admin', 'metrics', 'feeds', 'taxii2']);
/** Error codes the API gives on purpose (CouncilError and GraphQL request errors); others count as OTHER. */
const ERROR_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'CONFLICT',
  'RATE_LIMITED',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'INTERNAL_SERVER_ERROR',
]);
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function routeLabel(path: string): string {
  const segment = path.split('/')[1] ?? '';
  return SURFACES.has(segment) ? `/${segment}` : 'other';
}

/**
 * Request latency: `council_http_request_duration_seconds{method,route,status}` for every HTTP
 * request, and `council_graphql_operation_duration_seconds{type,field}` for GraphQL ones, labelled
 * by the operation type and its first root field (a schema name, so the label set is bounded;
 * client-chosen operation names go to the logs only), and `council_graphql_errors_total{code}`.
 */
@Injectable()
export class HttpMetrics {
  private readonly http: Histogram<'method' | 'route' | 'status'>;
  private readonly graphql: Histogram<'type' | 'field'>;
  private readonly graphqlErrors: Counter<'code'>;

  constructor(metrics: MetricsRegistry) {
    this.http = new Histogram({
      name: 'council_http_request_duration_seconds',
      help: 'HTTP request latency by method, API surface and status',
      labelNames: ['method', 'route', 'status'],
      buckets: BUCKETS,
      registers: [metrics.registry],
    });
    this.graphql = new Histogram({
      name: 'council_graphql_operation_duration_seconds',
      help: 'GraphQL operation latency (over HTTP) by operation type and first root field',
      labelNames: ['type', 'field'],
      buckets: BUCKETS,
      registers: [metrics.registry],
    });
    this.graphqlErrors = new Counter({
      name: 'council_graphql_errors_total',
      help: 'GraphQL responses (over HTTP) carrying an error, by extensions.code (each code once per response)',
      labelNames: ['code'],
      registers: [metrics.registry],
    });
  }

  middleware(): RequestHandler {
    return (req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const method = ['GET', 'HEAD', 'POST', 'OPTIONS'].includes(req.method) ? req.method : 'other';
        this.http.observe({ method, route: routeLabel(req.originalUrl ?? req.url), status: String(res.statusCode) }, seconds);
        const operation = requestOperationOf(req);
        if (!operation) return;
        if (operation.type) this.graphql.observe({ type: operation.type, field: operation.rootField ?? 'none' }, seconds);
        for (const code of operation.errorCodes) this.graphqlErrors.inc({ code: ERROR_CODES.has(code) ? code : 'OTHER' });
      });
      next();
    };
  }
}
