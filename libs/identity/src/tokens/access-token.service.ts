import { createSecretKey, type KeyObject } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import jwt from 'jsonwebtoken';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';

interface AccessTokenClaims {
  sub: string;
}

/**
 * jsonwebtoken checks `exp` only when a token has one: a token signed with the real key but
 * without an expiry would otherwise be accepted for ever.
 */
function expires(claims: jwt.JwtPayload): boolean {
  return typeof claims.exp === 'number' && Number.isFinite(claims.exp);
}

/**
 * Short-lived signed access tokens. A token only names its person: every request reloads that
 * person's current state, so deactivation or a role change takes effect on the very next request.
 * During a key rotation tokens signed with the previous key stay valid until they expire.
 */
@Injectable()
export class AccessTokenService {
  /**
   * The secrets as key objects, made once: given a string, jsonwebtoken first tries to parse it as
   * a PEM public key on every verify and builds a key object each time (~1 ms of CPU a request).
   */
  private readonly keys: KeyObject[];

  constructor(@Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig) {
    this.keys = config.jwtSecrets.map((secret) => createSecretKey(Buffer.from(secret, 'utf8')));
  }

  issue(personId: string): string {
    return jwt.sign({ sub: personId } satisfies AccessTokenClaims, this.keys[0], {
      algorithm: 'HS256',
      expiresIn: this.config.accessTokenTtlSeconds,
      issuer: 'council',
      audience: 'council-api',
    });
  }

  /** The person id of a valid token (one that expires, and has not), or null for anything else. */
  verify(token: string): string | null {
    for (const key of this.keys) {
      try {
        const claims = jwt.verify(token, key, {
          algorithms: ['HS256'],
          issuer: 'council',
          audience: 'council-api',
        });
        if (typeof claims === 'object' && typeof claims.sub === 'string' && expires(claims)) return claims.sub;
        return null;
      } catch {
        // try the next key
      }
    }
    return null;
  }
}
