import { describe, expect, it } from '@jest/globals';
import { presentedFeedToken } from './feed-credentials';

const TOKEN = `cft_${'a'.repeat(43)}`;
const basic = (text: string) => `Basic ${Buffer.from(text, 'utf8').toString('base64')}`;

describe('presentedFeedToken', () => {
  it('reads Bearer in any case, and Basic with the token as password and any user name', () => {
    expect(presentedFeedToken(`Bearer ${TOKEN}`, {}, false)).toBe(TOKEN);
    expect(presentedFeedToken(`bearer ${TOKEN}`, {}, false)).toBe(TOKEN);
    expect(presentedFeedToken(basic(`osaka-city:${TOKEN}`), {}, false)).toBe(TOKEN);
    expect(presentedFeedToken(basic(`:${TOKEN}`), {}, false)).toBe(TOKEN);
    // Only the first colon separates: the rest belongs to the password.
    expect(presentedFeedToken(basic(`user:pa:ss`), {}, false)).toBe('pa:ss');
  });

  it('finds nothing in Basic without a password, or in other schemes', () => {
    expect(presentedFeedToken(basic(`${TOKEN}:`), {}, false)).toBeNull();
    expect(presentedFeedToken(basic(TOKEN), {}, false)).toBeNull();
    expect(presentedFeedToken(`Digest ${TOKEN}`, {}, false)).toBeNull();
    expect(presentedFeedToken(`Bearer ${TOKEN} extra`, {}, false)).toBeNull();
  });

  it('takes ?token= only where allowed, only once, and never over a header', () => {
    expect(presentedFeedToken(undefined, { token: TOKEN }, false)).toBeNull();
    expect(presentedFeedToken(undefined, { token: TOKEN }, true)).toBe(TOKEN);
    expect(presentedFeedToken(undefined, { token: [TOKEN, TOKEN] }, true)).toBeNull();
    expect(presentedFeedToken('Bearer other', { token: TOKEN }, true)).toBe('other');
  });
});
