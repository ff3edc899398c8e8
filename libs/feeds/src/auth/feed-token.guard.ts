import { HttpException, HttpStatus, Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { PersonEntity } from '@app/membership/people/person.entity';
import { FeedTokenService } from '../tokens/feed-token.service';
import { presentedFeedToken } from './feed-credentials';
import { FeedRateLimiter } from './feed-rate-limiter';

export const FEED_QUERY_TOKEN = 'council:feedQueryToken';
export const FEED_AUTH_REALM = 'council-feeds';

/** A feed request once the guard let it through (the same `person` as the access-token guard sets). */
export interface FeedRequest extends Request {
  person?: PersonEntity;
  feedTokenId?: string;
}

const UNAUTHENTICATED =
  'A valid feed token is required: send it as "Authorization: Bearer <token>" or as the password of HTTP Basic authentication';

/**
 * Authenticates REST feed pulls (Atom, TAXII) with a feed token and applies the pull limits. On
 * success `request.person` is the token's person, reloaded now with their organisation, so the
 * policy sees exactly what the person has at this moment. Every refusal for a bad token looks the
 * same (unknown, revoked, expired, inactive person): 401 with a WWW-Authenticate challenge.
 * Use it through @FeedAuth(), which also exempts the route from the global access-token guard.
 */
@Injectable()
export class FeedTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: FeedTokenService,
    private readonly limiter: FeedRateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const http = context.switchToHttp();
    const request = http.getRequest<FeedRequest>();
    const response = http.getResponse<Response>();
    const address = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const addressWait = await this.limiter.consumeAddress(address);
    if (addressWait !== null) throw tooManyPulls(response, addressWait);

    const allowQueryToken =
      this.reflector.getAllAndOverride<boolean>(FEED_QUERY_TOKEN, [context.getHandler(), context.getClass()]) === true;
    const presented = presentedFeedToken(request.headers.authorization, request.query, allowQueryToken);
    const bearer = presented ? await this.tokens.authenticate(presented) : null;
    if (!bearer) {
      response.setHeader('WWW-Authenticate', [`Bearer realm="${FEED_AUTH_REALM}"`, `Basic realm="${FEED_AUTH_REALM}", charset="UTF-8"`]);
      throw new UnauthorizedException(UNAUTHENTICATED);
    }

    const personWait = await this.limiter.consumePerson(bearer.person.id);
    if (personWait !== null) throw tooManyPulls(response, personWait);
    request.person = bearer.person;
    request.feedTokenId = bearer.tokenId;
    return true;
  }
}

function tooManyPulls(response: Response, retryAfterSeconds: number): HttpException {
  response.setHeader('Retry-After', String(retryAfterSeconds));
  return new HttpException(`Too many feed pulls: try again in ${retryAfterSeconds} seconds`, HttpStatus.TOO_MANY_REQUESTS);
}
