import { GraphQLScalarType, Kind } from 'graphql';

/**
 * A JSON object, as the audit log stores a decision's before and after states. Output only: no
 * argument of this API takes one.
 */
export const JSONObjectScalar = new GraphQLScalarType({
  name: 'JSONObject',
  description: 'A JSON object (the state before or after an audited decision).',
  serialize: (value) => value,
  parseValue: () => {
    throw new TypeError('JSONObject is an output type only');
  },
  parseLiteral: (ast) => {
    throw new TypeError(`JSONObject is an output type only (got ${ast.kind === Kind.OBJECT ? 'an object' : ast.kind})`);
  },
});
