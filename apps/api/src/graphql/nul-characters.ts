import type { ApolloServerPlugin } from '@apollo/server';
import { BREAK, GraphQLError, visit, type DocumentNode } from 'graphql';

const NUL = '\u0000';

function variablesHoldNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes(NUL);
  if (depth > 20 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((item) => variablesHoldNul(item, depth + 1));
  return Object.entries(value).some(([key, item]) => key.includes(NUL) || variablesHoldNul(item, depth + 1));
}

function documentHoldsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * PostgreSQL text cannot hold U+0000: a NUL in any input (a sign-in e-mail address, a title, a
 * filter) reached the database and failed there as an internal error (issue 7's fuzz test). No
 * field of this API has a use for it, so every operation carrying one — inline or in variables —
 * is refused at the edge, before anything runs.
 */
export function refuseNulCharacters(): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ request, document }) {
          if (!variablesHoldNul(request.variables) && !documentHoldsNul(document)) return Promise.resolve();
          return Promise.reject(
            new GraphQLError('Text may not contain NUL characters (U+0000)', {
              extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
            }),
          );
        },
      });
    },
  };
}
