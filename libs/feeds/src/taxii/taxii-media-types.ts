/** TAXII 2.1 §1.6.8: every TAXII response is this media type; STIX content inside is the other. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';
export const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';

/**
 * Whether the client's Accept header admits the TAXII 2.1 media type: `application/taxii+json`
 * without a version or with version 2.1, or a wildcard covering it, with a non-zero quality. A
 * request without Accept is served (curl and many tools send none); an Accept naming only other
 * types or versions gets 406.
 */
export function acceptsTaxii(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const [typePart, ...paramParts] = range.split(';');
    const type = typePart.trim().toLowerCase();
    const params = new Map(
      paramParts.map((p) => {
        const eq = p.indexOf('=');
        return [
          p.slice(0, eq).trim().toLowerCase(),
          p
            .slice(eq + 1)
            .trim()
            .replace(/^"|"$/g, ''),
        ] as const;
      }),
    );
    const quality = params.has('q') ? Number(params.get('q')) : 1;
    if (!(quality > 0)) return false;
    if (type === '*/*' || type === 'application/*') return true;
    if (type !== 'application/taxii+json') return false;
    const version = params.get('version');
    return version === undefined || version === '2.1';
  });
}
