import type { CorsOptions } from '@nestjs/common/interfaces/external/cors-options.interface';
import { REQUEST_ID_HEADER } from '@app/platform/logging/request-logging';

/**
 * Cross-origin browser access (COUNCIL_CORS_ORIGINS): only the listed origins get CORS headers;
 * every other origin gets none, so the browser keeps the answer from the calling page. No
 * credentials mode: the API authenticates with Bearer tokens, never with cookies cross-origin.
 */
export function corsOptions(allowed: readonly string[]): CorsOptions {
  const origins = new Set(allowed);
  return {
    origin: (origin, callback) => callback(null, origin !== undefined && origins.has(origin)),
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowedHeaders: ['authorization', 'content-type', 'apollo-require-preflight', REQUEST_ID_HEADER],
    exposedHeaders: [REQUEST_ID_HEADER, 'retry-after'],
    credentials: false,
    maxAge: 600,
  };
}
