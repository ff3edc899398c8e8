import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { SignedInPersonLoader } from '@app/membership/people/signed-in-person-loader';
import { CouncilError } from '@app/platform/errors/council-error';
import { IS_PUBLIC } from '@app/platform/http/public.decorator';
import { requestOf } from './request-context';

const UNAUTHENTICATED = 'Sign in first: send a valid access token as "Authorization: Bearer <token>"';

/**
 * Every operation needs a valid access token unless marked @Public. The person is reloaded from
 * the database on each request, so a deactivated person is refused at once.
 */
@Injectable()
export class AccessTokenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenService,
    private readonly people: SignedInPersonLoader,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;
    const request = requestOf(context);
    if (request.person) return true;
    const header = request.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    const personId = match ? this.tokens.verify(match[1]) : null;
    if (!personId) throw new CouncilError('UNAUTHENTICATED', UNAUTHENTICATED);
    const person = await this.people.load(personId);
    if (!person || !person.active) throw new CouncilError('UNAUTHENTICATED', UNAUTHENTICATED);
    request.person = person;
    return true;
  }
}
