import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { SignedInPersonLoader } from '@app/membership/people/signed-in-person-loader';
import type { AuthenticatedPerson, CouncilRequest } from './request-context';

/**
 * The active person behind a request's bearer token, reloaded from the database (a deactivation
 * or a role change counts from the very next request) and remembered on the request, so that the
 * guard and the feed cache, which both need it, load them once.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly people: SignedInPersonLoader,
  ) {}

  async authenticate(request: CouncilRequest): Promise<AuthenticatedPerson | null> {
    if (request.person) return request.person;
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    const personId = match ? this.tokens.verify(match[1]) : null;
    if (!personId) return null;
    const person = await this.people.load(personId);
    if (!person || !person.active) return null;
    request.person = person;
    return person;
  }
}
