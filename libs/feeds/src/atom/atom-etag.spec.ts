import { describe, expect, it } from '@jest/globals';
import { etagMatches } from './atom-etag';

describe('etagMatches (If-None-Match, weak comparison)', () => {
  const etag = 'W/"abc"';
  it('matches the tag with or without W/, in a list, and *', () => {
    expect(etagMatches('W/"abc"', etag)).toBe(true);
    expect(etagMatches('"abc"', etag)).toBe(true);
    expect(etagMatches('"x", W/"abc"', etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
  });
  it('does not match other tags or nothing', () => {
    expect(etagMatches(undefined, etag)).toBe(false);
    expect(etagMatches('', etag)).toBe(false);
    expect(etagMatches('"abcd"', etag)).toBe(false);
    expect(etagMatches('W/"ab"', etag)).toBe(false);
  });
});
