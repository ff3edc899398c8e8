import type { IncomingMessage } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import { Kind } from 'graphql';
import { recordRequestOperation } from '@app/platform/logging/request-operation';

const MAX_OPERATION_NAME = 100;

/**
 * Tells the access log and the latency metrics which operation a request ran: its type, the
 * client's operation name, the first root field. Never variables, never the query text.
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
    };
  },
};
