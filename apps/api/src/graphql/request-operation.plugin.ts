import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { recordRequestOperation } from '@app/platform/logging/request-operation';

const MAX_OPERATION_NAME = 100;
const MAX_ERROR_CODES = 5;

/** Error codes are strings (Apollo's and ours); anything else is reported as a number or UNKNOWN, never an object's text. */
function errorCodeOf(code: unknown): string {
  return typeof code === 'string' || typeof code === 'number' ? String(code) : 'UNKNOWN';
}

/**
 * Tells the access log and the metrics which operation a request ran (its type, the client's
 * operation name, the first root field) and which error codes it answered with. Never
 * variables, never the query text, never error messages.
 */
export const requestOperationPlugin: ApolloServerPlugin<{ req?: IncomingMessage }> = {
  requestDidStart() {
    return Promise.resolve({
      didResolveOperation({ operation, operationName, contextValue }) {
        if (!contextValue.req || !operation) return Promise.resolve();
        const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
        recordRequestOperation(contextValue.req, {
          type: operation.operation,
          name: operationName ? operationName.slice(0, MAX_OPERATION_NAME) : null,
          rootField: field && field.kind === Kind.FIELD ? field.name.value : null,
        });
        return Promise.resolve();
      },
      willSendResponse({ response, contextValue }) {
        if (!contextValue.req || response.body.kind !== 'single' || !response.body.singleResult.errors?.length) return Promise.resolve();
        const codes = response.body.singleResult.errors.map((error) => errorCodeOf(error.extensions?.code));
        recordRequestOperation(contextValue.req, { errorCodes: [...new Set(codes)].slice(0, MAX_ERROR_CODES) });
        return Promise.resolve();
      },
    });
  },
};
