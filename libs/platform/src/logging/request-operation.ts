import type { IncomingMessage } from 'node:http';

/** What a GraphQL request asked for and how it ended, as far as logs and metrics may say: never its variables. */
export interface RequestOperation {
  /** query, mutation or subscription; null when the request never got as far as an operation (parse or validation errors). */
  type: string | null;
  /** The client's operation name (logs only: clients choose it, so it is no metric label). */
  name: string | null;
  /** The first root field, by its schema name: bounded by the schema, so a safe metric label. */
  rootField: string | null;
  /** extensions.code of the errors in the response, each once (e.g. FORBIDDEN, RATE_LIMITED). */
  errorCodes: string[];
}

const operations = new WeakMap<IncomingMessage, RequestOperation>();

/** Recorded by the GraphQL layer: the operation once it is resolved, the error codes once the response is ready. */
export function recordRequestOperation(request: IncomingMessage, fields: Partial<RequestOperation>): void {
  const current = operations.get(request) ?? { type: null, name: null, rootField: null, errorCodes: [] };
  operations.set(request, { ...current, ...fields });
}

export function requestOperationOf(request: IncomingMessage): RequestOperation | undefined {
  return operations.get(request);
}
