import type { Server } from 'node:http';

/**
 * Slow clients may not hold connections open: the whole request (headers and body) must arrive
 * within `requestTimeoutMs`, its headers within 15 s; idle keep-alive connections close after
 * 65 s (longer than the 60 s idle timeout of common load balancers, so they close first).
 * Responses are not limited here: a long feed download is not cut off.
 */
export const HEADERS_TIMEOUT_MS = 15_000;
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function applyServerTimeouts(server: Server, requestTimeoutMs: number): void {
  server.requestTimeout = requestTimeoutMs;
  server.headersTimeout = Math.min(HEADERS_TIMEOUT_MS, requestTimeoutMs);
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
}
