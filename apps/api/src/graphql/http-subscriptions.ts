import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, OperationTypeNode } from 'graphql';

/**
 * Subscriptions are served over WebSocket (graphql-ws, on the same path), which does not pass
 * through Apollo's HTTP pipeline. A subscription POSTed over HTTP used to run its resolver outside
 * any live connection and answer an internal error; it is refused as a bad request instead.
 */
export function refuseHttpSubscriptions(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ operation }) {
          if (operation?.operation !== OperationTypeNode.SUBSCRIPTION) return Promise.resolve();
          return Promise.reject(
            new GraphQLError('Subscriptions are served over WebSocket (graphql-ws) on /graphql, not over HTTP', {
              extensions: { code: 'BAD_REQUEST', http: { status: 400 } },
            }),
          );
        },
      });
    },
  };
}
