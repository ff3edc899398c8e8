import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { recordRequestOperation } from '@app/platform/logging/request-operation';

const MAX_OPERATION_NAME = 100;
const MAX_ERROR_CODES = 5;

/**
 * Tells the access log and the metrics which operation a request ran (its type, the client's
 * operation name, the first root field) and which error codes it answered with. Never
 * variables, never the query text, never error messages.
 */
export const requestOperationPlugin: ApolloServerPlugin<{ req?: IncomingMessage }> = {
  async requestDidStart() {
    return {
      async didResolveOperation({ operation, operationName, contextValue }) {
        if (!contextValue.req || !operation) return;
        const field = operation.selectionSet.selections.find((selection) => selection.kind === Kind.FIELD);
        recordRequestOperation(contextValue.req, {
          type: operation.operation,
          name: operationName ? operationName.slice(0, MAX_OPERATION_NAME) : null,
          rootField: field && field.kind === Kind.FIELD ? field.name.value : null,
        });
      },
      async willSendResponse({ response, contextValue }) {
        if (!contextValue.req || response.body.kind !== 'single' || !response.body.singleResult.errors?.length) return;
        const codes = response.body.singleResult.errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN'));
        recordRequestOperation(contextValue.req, { errorCodes: [...new Set(codes)].slice(0, MAX_ERROR_CODES) });
      },
    };
  },
};
