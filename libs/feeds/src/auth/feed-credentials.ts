/**
 * The feed token a request presents: `Authorization: Bearer <token>`, or HTTP Basic with the token
 * as the password (any user name: many feed readers and TAXII clients only speak Basic), or, where
 * the route allows it, a `token` query parameter (feed readers that cannot set headers at all).
 * A header, when present, wins over the query parameter.
 */
export function presentedFeedToken(authorization: string | undefined, query: unknown, allowQueryToken: boolean): string | null {
  if (authorization !== undefined && authorization.trim() !== '') return fromAuthorization(authorization);
  if (!allowQueryToken || typeof query !== 'object' || query === null) return null;
  const token = (query as Record<string, unknown>).token;
  return typeof token === 'string' && token !== '' ? token : null;
}

function fromAuthorization(header: string): string | null {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (bearer) return bearer[1];
  const basic = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header);
  if (!basic) return null;
  const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const password = decoded.slice(colon + 1);
  return password === '' ? null : password;
}
