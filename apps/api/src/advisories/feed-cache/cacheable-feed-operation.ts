import { BREAK, OperationTypeNode, TypeInfo, visit, visitWithTypeInfo, type DocumentNode, type GraphQLSchema } from 'graphql';

/**
 * The fields a cached feed page may select, by type. Each of them is computed only from the
 * advisories and organisations tables (whose changes the cache hears of) and from the reader
 * (part of the cache key): `Query.advisories` and what it returns. An operation that selects
 * anything else — another root field, an introspection field, a type added here later with a
 * resolver of its own — is never cached. test/advisories/feed-response-cache.e2e.spec.ts pins
 * these types' fields, so that a new field is looked at before it is cached.
 */
export const CACHEABLE_FEED_FIELDS: Readonly<Record<string, readonly string[] | 'every field'>> = {
  Query: ['advisories'],
  AdvisoryConnection: 'every field',
  AdvisoryEdge: 'every field',
  PageInfo: 'every field',
  Advisory: 'every field',
  Audience: 'every field',
  Organisation: 'every field',
};

const decisions = new WeakMap<DocumentNode, boolean>();

/**
 * True when `document` is a query that reads only CACHEABLE_FEED_FIELDS (fragments included).
 * Apollo hands the same DocumentNode for the same query text, so each is analysed once.
 */
export function isCacheableFeedOperation(schema: GraphQLSchema, document: DocumentNode): boolean {
  let decision = decisions.get(document);
  if (decision === undefined) {
    decision = analyse(schema, document);
    decisions.set(document, decision);
  }
  return decision;
}

function analyse(schema: GraphQLSchema, document: DocumentNode): boolean {
  const typeInfo = new TypeInfo(schema);
  let cacheable = true;
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      OperationDefinition(node) {
        if (node.operation !== OperationTypeNode.QUERY) {
          cacheable = false;
          return BREAK;
        }
        return undefined;
      },
      Field(node) {
        if (node.name.value === '__typename') return undefined;
        const parent = typeInfo.getParentType();
        const allowed = parent ? CACHEABLE_FEED_FIELDS[parent.name] : undefined;
        if (!typeInfo.getFieldDef() || !allowed || (allowed !== 'every field' && !allowed.includes(node.name.value))) {
          cacheable = false;
          return BREAK;
        }
        return undefined;
      },
    }),
  );
  return cacheable;
}
