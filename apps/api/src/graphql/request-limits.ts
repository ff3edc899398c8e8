import { ApolloArmor } from '@escape.tech/graphql-armor';
import { GraphQLError, Kind, type ValidationRule } from 'graphql';

/** RUNNING.md "Limits every deployment has". */
export const REQUEST_LIMITS = {
  maxDepth: 12,
  maxAliases: 30,
  maxOperations: 1,
  // graphql-armor multiplies by a literal `first`: one full page of 200 advisories with every field costs ~52,000.
  maxCost: 60000,
  maxTokens: 4000,
  maxDirectives: 50,
} as const;

/** One operation per request: a document carrying several is refused before it runs. */
export const singleOperation: ValidationRule = (context) => ({
  Document(node) {
    const operations = node.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION).length;
    if (operations > REQUEST_LIMITS.maxOperations) {
      context.reportError(new GraphQLError(`A request may carry ${REQUEST_LIMITS.maxOperations} operation; this one has ${operations}.`));
    }
  },
});

/**
 * Depth, alias, cost and directive limits from graphql-armor (a maintained library), and our
 * one-operation rule; batched HTTP requests stay off. The token limit is graphql-js's own parse
 * option: armor's token plugin parses the document again inside an Apollo hook, and anything it
 * throws there — every syntax error, not only the limit — became an HTTP 500 (issue 7's fuzz test).
 */
export function requestLimits(): {
  plugins: ReturnType<ApolloArmor['protect']>['plugins'];
  validationRules: ValidationRule[];
  parseOptions: { maxTokens: number };
} {
  const armor = new ApolloArmor({
    maxDepth: { n: REQUEST_LIMITS.maxDepth },
    maxAliases: { n: REQUEST_LIMITS.maxAliases },
    costLimit: { maxCost: REQUEST_LIMITS.maxCost },
    maxTokens: { enabled: false },
    maxDirectives: { n: REQUEST_LIMITS.maxDirectives },
    blockFieldSuggestion: { enabled: true },
  });
  const protection = armor.protect();
  return {
    plugins: protection.plugins,
    validationRules: [...protection.validationRules, singleOperation],
    parseOptions: { maxTokens: REQUEST_LIMITS.maxTokens },
  };
}
