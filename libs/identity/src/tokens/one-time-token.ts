import { createHash, randomBytes } from 'node:crypto';

/** 256 random bits, URL-safe: unguessable, so the stored hash needs no salt or slow hash. */
export function newOneTimeToken(): { token: string; hash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, hash: hashOneTimeToken(token) };
}

/** SHA-256, hex: what the database keeps instead of the token. */
export function hashOneTimeToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
