import { join } from 'node:path';
import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import type { CouncilConfig } from '@app/platform/config/council-config';
import type { FeedResponseCache } from '../advisories/feed-cache/feed-response-cache';
import type { FeedResponseCachePlugin } from '../advisories/feed-cache/feed-response-cache.plugin';
import type { LiveConnectionAuth, LiveWsContext } from '../auth/live-connection';
import { formatGraphQLError } from './format-error';
import { refuseHttpSubscriptions } from './http-subscriptions';
import { refuseNulCharacters } from './nul-characters';
import { requestLimits } from './request-limits';
import { requestOperationPlugin } from './request-operation.plugin';
import './enums';

type ApolloPlugin = NonNullable<ApolloDriverConfig['plugins']>[number];

/** Where the schema is written for review in diffs (and checked against the public contract). */
export const SCHEMA_FILE = join(process.cwd(), 'apps/api/schema.graphql');

/** graphql-ws hands the context function its connection context; Apollo over HTTP hands it `{ req, res }`. */
function isWsContext(arg: unknown): arg is LiveWsContext {
  return typeof arg === 'object' && arg !== null && 'connectionInitReceived' in arg && 'extra' in arg;
}

export interface GraphQLDependencies {
  live: LiveConnectionAuth;
  feedCache: FeedResponseCache;
  feedCachePlugin: FeedResponseCachePlugin;
}

export function graphqlOptions(config: CouncilConfig, { live, feedCache, feedCachePlugin }: GraphQLDependencies): ApolloDriverConfig {
  const limits = requestLimits();
  return {
    driver: ApolloDriver,
    path: '/graphql',
    // In production the schema is built in memory: the deployed tree may be read-only.
    autoSchemaFile: config.production ? true : SCHEMA_FILE,
    sortSchema: true,
    buildSchemaOptions: { dateScalarMode: 'isoDate', numberScalarMode: 'integer' },
    context: (arg: { req?: unknown } | LiveWsContext) => (isWsContext(arg) ? { req: live.requestFor(arg) } : { req: arg.req }),
    // Live in-app alerts (Subscription.alertReceived) over graphql-ws on the same path: the access
    // token in connectionParams, subscriptions only, the HTTP request limits (LiveConnectionAuth).
    subscriptions: {
      'graphql-ws': {
        connectionInitWaitTimeout: 10_000,
        onConnect: (ctx) => live.onConnect(ctx as LiveWsContext),
        onSubscribe: (_ctx, _id, payload) => live.onSubscribe(payload),
        // Results and refusals go through the same formatter as HTTP: a CouncilError or nothing.
        onNext: (_ctx, _id, _payload, _args, result) =>
          result.errors?.length
            ? { ...result, errors: result.errors.map((error) => formatGraphQLError(error.toJSON(), error)) }
            : undefined,
      },
    },
    formatError: formatGraphQLError,
    includeStacktraceInErrorResponses: false,
    introspection: !config.production,
    csrfPrevention: true,
    playground: false,
    allowBatchedHttpRequests: false,
    // Apollo pretty-prints responses by default: a page of 50 advisories costs twice the bytes and
    // measurably more CPU per request for nobody's benefit. A cached feed page was serialised once.
    stringifyResult: (result: { data?: unknown; errors?: unknown; extensions?: unknown }) =>
      feedCache.serialisedBody(result) ?? JSON.stringify(result),
    validationRules: limits.validationRules,
    parseOptions: limits.parseOptions,
    plugins: [
      ...(limits.plugins as ApolloPlugin[]),
      requestOperationPlugin as ApolloPlugin,
      refuseHttpSubscriptions() as ApolloPlugin,
      refuseNulCharacters() as ApolloPlugin,
      feedCachePlugin.plugin() as ApolloPlugin,
      // No cache hints are set anywhere; Apollo's default cache-control plugin would only wrap
      // every field resolver to compute them (~5% of a feed page's CPU).
      ApolloServerPluginCacheControlDisabled() as ApolloPlugin,
      ...(config.production ? [ApolloServerPluginLandingPageDisabled() as ApolloPlugin] : []),
    ],
  };
}
