import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import jwt from 'jsonwebtoken';
import { getOperationAST, GraphQLError, OperationTypeNode, parse, specifiedRules, validate, type DocumentNode } from 'graphql';
import type { Context as WsContext, SubscribePayload } from 'graphql-ws';
import type { Extra as WsExtra } from 'graphql-ws/use/ws';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import type { PersonEntity } from '@app/membership/people/person.entity';
import { REQUEST_LIMITS, requestLimits } from '../graphql/request-limits';
import type { CouncilRequest } from './request-context';
import { RequestAuthenticator } from './request-authenticator';

/** graphql-ws close codes (the protocol's): bad or missing token, and a person no longer allowed. */
export const CLOSE_UNAUTHORIZED = 4401;
export const CLOSE_FORBIDDEN = 4403;

/** What onConnect keeps on the socket for the operations that follow. */
export interface LiveConnectionState {
  token: string;
  personId: string;
  expiryTimer: NodeJS.Timeout | null;
}

export type LiveExtra = WsExtra & { live?: LiveConnectionState };
export type LiveWsContext = WsContext<Record<string, unknown> | undefined, LiveExtra>;

/**
 * The `req` of an operation over graphql-ws: the connection's token as an Authorization header, so
 * that AccessTokenGuard authenticates the subscription exactly as an HTTP request (reloading the
 * person), and the socket's hooks for a stream that must re-check the person per event.
 */
export interface LiveRequest extends CouncilRequest {
  live: {
    token: string;
    /** Closes the whole connection (e.g. the person was deactivated). */
    close(code: number, reason: string): void;
  };
}

export function isLiveRequest(req: CouncilRequest | undefined): req is LiveRequest {
  return !!req && typeof (req as Partial<LiveRequest>).live === 'object';
}

/** `{ authorization: 'Bearer <token>' }` in connectionParams (either spelling of the key). */
function bearerOf(params: Record<string, unknown> | undefined): string | null {
  const header = params?.authorization ?? params?.Authorization;
  if (typeof header !== 'string') return null;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : null;
}

/**
 * Authentication and hygiene of graphql-ws connections at /graphql (issue 4, IN_APP):
 * - connection: the access token of connectionParams, the person reloaded and active — the same
 *   test as AccessTokenGuard — or the socket is closed with 4403 Forbidden; the socket is closed
 *   with 4401 when the token expires (a client reconnects with a fresh one);
 * - operations: subscriptions only (queries and mutations go over HTTP, where Apollo's limits
 *   apply), validated with the same request limits as HTTP.
 */
@Injectable()
export class LiveConnectionAuth {
  private readonly logger = new Logger('LiveConnection');
  private readonly validationRules = [...specifiedRules, ...requestLimits().validationRules];

  constructor(
    private readonly tokens: AccessTokenService,
    private readonly authenticator: RequestAuthenticator,
    private readonly moduleRef: ModuleRef,
  ) {}

  /** The person behind a token, reloaded now; null unless the token is valid and the person active. */
  activePerson(token: string | null): Promise<PersonEntity | null> {
    return this.authenticator.activePersonFor(token);
  }

  /**
   * The per-event re-check of a live subscriber: the token still valid and naming the same person,
   * who is reloaded now and still active.
   */
  async recheck(token: string, personId: string): Promise<PersonEntity | 'expired' | 'revoked'> {
    if (this.tokens.verify(token) !== personId) return 'expired';
    return (await this.authenticator.activePerson(personId)) ?? 'revoked';
  }

  /** graphql-ws onConnect: false refuses the connection (4403). */
  async onConnect(ctx: LiveWsContext): Promise<boolean> {
    const token = bearerOf(ctx.connectionParams);
    const person = await this.activePerson(token).catch(() => null);
    if (!token || !person) return false;
    const expiresInMs = this.expiresInMs(token);
    const socket = ctx.extra.socket;
    const expiryTimer =
      expiresInMs === null
        ? null
        : setTimeout(() => socket.close(CLOSE_UNAUTHORIZED, 'Unauthorized: the access token expired'), Math.max(0, expiresInMs));
    expiryTimer?.unref();
    ctx.extra.live = { token, personId: person.id, expiryTimer };
    socket.once('close', () => {
      if (expiryTimer) clearTimeout(expiryTimer);
    });
    return true;
  }

  /** graphql-ws onSubscribe: a subscription within the request limits, or the errors that refuse it. */
  onSubscribe(payload: SubscribePayload): GraphQLError[] | void {
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: REQUEST_LIMITS.maxTokens });
    } catch (error) {
      return [error instanceof GraphQLError ? error : new GraphQLError('The operation could not be parsed')];
    }
    const operation = getOperationAST(document, payload.operationName ?? undefined);
    if (!operation || operation.operation !== OperationTypeNode.SUBSCRIPTION) {
      return [new GraphQLError('Only subscriptions are served over WebSocket; send queries and mutations over HTTP POST')];
    }
    const schema = this.moduleRef.get(GraphQLSchemaHost, { strict: false }).schema;
    const errors = validate(schema, document, this.validationRules);
    return errors.length > 0 ? [...errors] : undefined;
  }

  /** The `req` of one operation on an authenticated socket. */
  requestFor(ctx: LiveWsContext): LiveRequest {
    const state = ctx.extra.live;
    const socket = ctx.extra.socket;
    const req = {
      headers: state ? { authorization: `Bearer ${state.token}` } : {},
      live: {
        token: state?.token ?? '',
        close: (code: number, reason: string) => {
          this.logger.debug?.(`closing a live connection: ${reason}`);
          socket.close(code, reason);
        },
      },
    };
    return req as unknown as LiveRequest;
  }

  private expiresInMs(token: string): number | null {
    const claims = jwt.decode(token);
    if (!claims || typeof claims !== 'object' || typeof claims.exp !== 'number') return null;
    return claims.exp * 1000 - Date.now();
  }
}
