import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CouncilError } from '@app/platform/errors/council-error';
import { IS_PUBLIC } from '@app/platform/http/public.decorator';
import { RequestAuthenticator } from './request-authenticator';
import { requestOf } from './request-context';

const UNAUTHENTICATED = 'Sign in first: send a valid access token as "Authorization: Bearer <token>"';

/** Every operation needs a valid access token unless marked @Public (RequestAuthenticator). */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: RequestAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const person = await this.authenticator.authenticate(requestOf(context));
    if (!person) throw new CouncilError('UNAUTHENTICATED', UNAUTHENTICATED);
    return true;
  }
}
