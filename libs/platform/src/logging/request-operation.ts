import type { IncomingMessage } from 'node:http';

/** What a GraphQL request asked for, as far as logs and metrics may say: never its variables. */
export interface RequestOperation {
  /** query, mutation or subscription. */
  type: string;
  /** The client's operation name (logs only: clients choose it, so it is no metric label). */
  name: string | null;
  /** The first root field, by its schema name: bounded by the schema, so a safe metric label. */
  rootField: string | null;
}

const operations = new WeakMap<IncomingMessage, RequestOperation>();

/** Recorded by the GraphQL layer once the operation is resolved. */
export function recordRequestOperation(request: IncomingMessage, operation: RequestOperation): void {
  operations.set(request, operation);
}

export function requestOperationOf(request: IncomingMessage): RequestOperation | undefined {
  return operations.get(request);
}
