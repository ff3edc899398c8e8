import { Injectable } from '@nestjs/common';
import { HeaderMap, type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { OperationTypeNode } from 'graphql';
import { AccessLogService, type AccessLogRecord } from '@app/audit/access-log.service';
import { Clock } from '@app/platform/clock/clock';
import { DataVersion } from '@app/platform/database/data-version';
import { readerStateKey } from '@app/policy/reader-state';
import { RequestAuthenticator } from '../../auth/request-authenticator';
import type { CouncilRequest } from '../../auth/request-context';
import { isCacheableFeedOperation } from './cacheable-feed-operation';
import { FeedResponseCache } from './feed-response-cache';

/** The GraphQL context as this plugin and the feed resolver share it. */
export interface FeedCacheContext {
  req?: CouncilRequest;
  /** Present while a cacheable feed operation runs: the resolver adds the reads it logged. */
  loggedReads?: AccessLogRecord[];
}

/** The feed resolver's half: remember the reads a page logged, so that a reuse logs them again. */
export function noteLoggedReads(context: FeedCacheContext, reads: AccessLogRecord[]): void {
  context.loggedReads?.push(...reads);
}

/**
 * Answers a cacheable feed operation (isCacheableFeedOperation) from FeedResponseCache before it
 * is executed, and keeps what an execution answered. It runs after parsing, validation and the
 * request limits, so a cached answer passes every check a fresh one does, and it authenticates
 * the reader itself (the guard that would do it runs only inside execution). The data version is
 * read before the page is built: a change committed meanwhile makes the answer a stale one that is
 * never reused.
 */
@Injectable()
export class FeedResponseCachePlugin {
  constructor(
    private readonly cache: FeedResponseCache,
    private readonly authenticator: RequestAuthenticator,
    private readonly accessLog: AccessLogService,
    private readonly dataVersion: DataVersion,
    private readonly clock: Clock,
  ) {}

  plugin(): ApolloServerPlugin<FeedCacheContext> {
    return { requestDidStart: () => Promise.resolve(this.listener()) };
  }

  private listener(): GraphQLRequestListener<FeedCacheContext> {
    let pending: { key: string; dataVersion: string } | null = null;
    return {
      responseForOperation: async ({ operation, document, schema, queryHash, request, operationName, contextValue }) => {
        if (operation?.operation !== OperationTypeNode.QUERY || !contextValue.req) return null;
        if (!this.cache.enabled || !isCacheableFeedOperation(schema, document)) {
          this.cache.count('bypass');
          return null;
        }
        // Anything going wrong here (the database away) is left to execution, which reports it
        // the way every resolver does (SERVICE_UNAVAILABLE), not as an error of this plugin.
        const [reader, dataVersion] = await Promise.all([
          this.authenticator.authenticate(contextValue.req),
          this.dataVersion.current(),
        ]).catch(() => [null, null] as const);
        if (!reader || dataVersion === null) return null;
        const now = this.clock.now();
        const key = `${queryHash}\n${operationName ?? ''}\n${JSON.stringify(request.variables ?? {})}\n${readerStateKey(reader, now)}`;
        const cached = this.cache.get(key, dataVersion);
        // A read that cannot be logged is not answered from here: execution then fails as it would.
        if (
          cached &&
          (await this.accessLog.record(cached.loggedReads, now).then(
            () => true,
            () => false,
          ))
        ) {
          this.cache.count('hit');
          return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: cached.data } } };
        }
        this.cache.count('miss');
        pending = { key, dataVersion };
        contextValue.loggedReads = [];
        return null;
      },
      willSendResponse: ({ response, contextValue }) => {
        if (!pending || response.body.kind !== 'single') return Promise.resolve();
        const { data, errors } = response.body.singleResult;
        if (!data || errors?.length) return Promise.resolve();
        this.cache.set(pending.key, pending.dataVersion, data, contextValue.loggedReads ?? []);
        return Promise.resolve();
      },
    };
  }
}
