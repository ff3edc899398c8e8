import { join } from 'node:path';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { CouncilConfig } from '@app/platform/config/council-config';
import { formatGraphQLError } from './format-error';
import { requestLimits } from './request-limits';
import './enums';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** Where the schema is written for review in diffs (and checked against the public contract). */
export const SCHEMA_FILE = join(process.cwd(), 'apps/api/schema.graphql');

export function graphqlOptions(config: CouncilConfig): ApolloDriverConfig {
  const limits = requestLimits();
  return {
    driver: ApolloDriver,
    path: '/graphql',
    // In production the schema is built in memory: the deployed tree may be read-only.
    autoSchemaFile: config.production ? true : SCHEMA_FILE,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer' },
    context: ({ req }: { req: unknown }) => ({ req }),
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    csrfPrevention: true,
    playground: false,
    allowBatchedHttpRequests: false,
    validationRules: limits.validationRules,
    plugins: [
      ...(limits.plugins as ApolloPlugin[]),
      ...(config.production ? [ApolloServerPluginLandingPageDisabled() as ApolloPlugin] : []),
    ],
  };
}
