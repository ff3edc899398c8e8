import { Injectable } from '@nestjs/common';
import { AccessTokenService } from '@app/identity/tokens/access-token.service';
import { SignedInPersonLoader } from '@app/membership/people/signed-in-person-loader';
import type { AuthenticatedPerson, CouncilRequest } from './request-context';

/** The token of an `Authorization: Bearer <token>` header, or null. */
export function bearerToken(header: string | undefined): string | null {
  return /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1] ?? null;
}

/**
 * Who is asking: the active person behind an access token, reloaded from the database on every
 * request (a deactivation or a role change counts from the very next one). The guard, the feed
 * cache, live connections and the queue dashboard all ask here.
 */
@Injectable()
export class RequestAuthenticator {
  constructor(
    private readonly tokens: AccessTokenService,
    private readonly people: SignedInPersonLoader,
  ) {}

  /** The request's person, remembered on the request so that the guard and the feed cache load them once. */
  async authenticate(request: CouncilRequest): Promise<AuthenticatedPerson | null> {
    if (request.person) return request.person;
    const person = await this.activePersonFor(bearerToken(request.headers.authorization));
    if (person) request.person = person;
    return person;
  }

  /** The person a token names, reloaded now; null unless the token is valid and the person active. */
  async activePersonFor(token: string | null): Promise<AuthenticatedPerson | null> {
    const personId = token ? this.tokens.verify(token) : null;
    return personId ? this.activePerson(personId) : null;
  }

  /** The person, reloaded now; null unless they exist and are active. */
  async activePerson(personId: string): Promise<AuthenticatedPerson | null> {
    const person = await this.people.load(personId);
    return person && person.active ? person : null;
  }
}
