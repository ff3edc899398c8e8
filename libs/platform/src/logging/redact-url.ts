/** Query parameters that carry credentials (feed URLs carry `?token=`). */
const SECRET_PARAMETERS = /^(token|access_token|accesstoken|api_key|apikey|key|secret|password|signature|sig|code)$/i;

/** A request URL fit for a log line: credential parameters replaced, the rest kept, bounded in length. */
export function redactUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf('?');
  const bounded = (value: string) => (value.length > 512 ? `${value.slice(0, 512)}…` : value);
  if (query < 0) return bounded(url);
  const parameters = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const name = pair.split('=', 1)[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // An undecodable name is kept as sent.
      }
      return SECRET_PARAMETERS.test(decoded) ? `${name}=[REDACTED]` : pair;
    });
  return bounded(`${url.slice(0, query)}?${parameters.join('&')}`);
}
