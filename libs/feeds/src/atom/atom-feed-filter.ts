import { Sector, Severity } from '@app/platform/vocabulary';

/** What a feed reader may narrow the regional feed to, from the query string. */
export interface AtomFeedFilter {
  /** Only advisories of this severity or higher. */
  minSeverity: Severity | null;
  /** Only advisories for every sector or for one of these (sorted, unique). */
  sectors: Sector[];
}

export type AtomFeedFilterResult = { ok: true; filter: AtomFeedFilter } | { ok: false; problems: string[] };

/** `token` is the credential (the guard reads it); the rest are filters. */
export const ATOM_FEED_PARAMETERS = ['severity', 'sector', 'token'] as const;
const MAX_SECTORS = Object.keys(Sector).length;

/**
 * Validates the query string of GET /feeds/advisories.atom: `severity` (once, a minimum) and
 * `sector` (repeatable). An unknown parameter is refused rather than ignored, so that a typo such
 * as `sectors=` does not silently give an unfiltered feed.
 */
export function parseAtomFeedQuery(query: Record<string, unknown>): AtomFeedFilterResult {
  const problems: string[] = [];
  const unknown = Object.keys(query).filter((key) => !(ATOM_FEED_PARAMETERS as readonly string[]).includes(key));
  if (unknown.length) {
    problems.push(`unknown query parameter ${unknown.map((k) => `"${k}"`).join(', ')}: use ${ATOM_FEED_PARAMETERS.join(', ')}`);
  }

  let minSeverity: Severity | null = null;
  const severity = query.severity;
  if (Array.isArray(severity)) {
    problems.push('severity: give it at most once (it is a minimum severity)');
  } else if (severity !== undefined) {
    if (typeof severity === 'string' && (Object.values(Severity) as string[]).includes(severity)) {
      minSeverity = severity as Severity;
    } else {
      problems.push(`severity: must be one of ${Object.values(Severity).join(', ')}`);
    }
  }

  const sectors = new Set<Sector>();
  const given = query.sector === undefined ? [] : Array.isArray(query.sector) ? query.sector : [query.sector];
  if (given.length > MAX_SECTORS) problems.push(`sector: at most ${MAX_SECTORS} values`);
  for (const value of given.slice(0, MAX_SECTORS)) {
    if (typeof value === 'string' && (Object.values(Sector) as string[]).includes(value)) {
      sectors.add(value as Sector);
    } else {
      problems.push(`sector: "${String(value).slice(0, 40)}" is not a sector; use one of ${Object.values(Sector).join(', ')}`);
    }
  }

  if (problems.length) return { ok: false, problems };
  return { ok: true, filter: { minSeverity, sectors: [...sectors].sort() } };
}

/** The filter as a query string (sorted, without the token): for the feed's self link and id. */
export function atomFeedQueryString(filter: AtomFeedFilter): string {
  const params = new URLSearchParams();
  if (filter.minSeverity) params.append('severity', filter.minSeverity);
  for (const sector of filter.sectors) params.append('sector', sector);
  const text = params.toString();
  return text ? `?${text}` : '';
}
