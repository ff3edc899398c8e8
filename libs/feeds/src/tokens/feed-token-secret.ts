import { createHash, randomBytes } from 'node:crypto';

/** Recognisable in logs and by secret scanners; the rest is 256 random bits, base64url. */
export const FEED_TOKEN_PREFIX = 'cft_';
const SECRET_BYTES = 32;
const FEED_TOKEN_PATTERN = /^cft_[A-Za-z0-9_-]{43}$/;

/**
 * A new feed token and the hash the database keeps. The secret has full entropy, so a plain
 * SHA-256 (no salt, no slow hash) is enough and allows an indexed lookup by hash.
 */
export function newFeedTokenSecret(): { token: string; hash: string } {
  const token = `${FEED_TOKEN_PREFIX}${randomBytes(SECRET_BYTES).toString('base64url')}`;
  return { token, hash: hashFeedToken(token) };
}

export function hashFeedToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Only well-formed tokens reach the database. */
export function isFeedTokenShaped(candidate: string): boolean {
  return FEED_TOKEN_PATTERN.test(candidate);
}
