import { isCalendarTimestamp } from './calendar-timestamp';
import { TaxiiError } from './taxii-error';
import { decodeNextToken, type TaxiiPosition } from './taxii-next-token';

export const DEFAULT_PAGE_SIZE = 100;
/** The most objects one response carries; a larger `limit` is lowered to it (TAXII allows fewer). */
export const MAX_PAGE_SIZE = 1000;

/** The filters of TAXII 2.1 §3.4.2 that the collection supports, checked. */
export interface TaxiiObjectQuery {
  addedAfter: string | null;
  limit: number;
  next: TaxiiPosition | null;
  /** match[type]: null = every type. */
  types: ReadonlySet<string> | null;
  /** match[id]: null = every id. */
  ids: readonly string[] | null;
  /** match[version] timestamps (ms); null = the latest version, the only one this collection keeps. */
  versions: readonly number[] | null;
  /** match[spec_version]: false when it names no version we serve (2.1). */
  specVersionServed: boolean;
}

const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/;
const STIX_ID = /^[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const STIX_TYPE = /^[a-z][a-z0-9-]{0,249}$/;
const MAX_MATCH_VALUES = 100;
const KNOWN_PARAMETERS = new Set(['added_after', 'limit', 'next', 'match[type]', 'match[id]', 'match[version]', 'match[spec_version]']);

type Query = Record<string, unknown>;

/** Values of a parameter, whether the query parser kept `match[type]` flat or nested it. */
function values(query: Query, name: string): string[] | null {
  const nested = /^match\[(.+)\]$/.exec(name);
  const raw =
    query[name] ?? (nested && typeof query.match === 'object' && query.match !== null ? (query.match as Query)[nested[1]] : undefined);
  if (raw === undefined) return null;
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((v): v is string => typeof v === 'string')) throw TaxiiError.badRequest(`${name}: give it as text`);
  // TAXII: several values are comma-separated (and parameters may repeat).
  return list.flatMap((v) => v.split(',')).map((v) => v.trim());
}

function single(query: Query, name: string): string | null {
  const list = values(query, name);
  if (list === null) return null;
  if (list.length !== 1) throw TaxiiError.badRequest(`${name}: give one value`);
  return list[0];
}

function timestamp(name: string, value: string): string {
  if (!TIMESTAMP.test(value) || !isCalendarTimestamp(value)) {
    throw TaxiiError.badRequest(`${name}: "${value.slice(0, 40)}" is not an RFC 3339 UTC timestamp such as 2026-01-31T09:00:00.000Z`);
  }
  return value;
}

/** Parses a request's query string for the objects, manifest and versions endpoints. */
export function parseTaxiiObjectQuery(query: Query): TaxiiObjectQuery {
  const unknown = Object.keys(query).filter((k) => !KNOWN_PARAMETERS.has(k) && k !== 'match');
  if (unknown.length) throw TaxiiError.badRequest(`Unknown parameter ${unknown[0].slice(0, 40)}`);

  const addedAfterText = single(query, 'added_after');
  const addedAfter = addedAfterText === null ? null : timestamp('added_after', addedAfterText);

  const limitText = single(query, 'limit');
  let limit = DEFAULT_PAGE_SIZE;
  if (limitText !== null) {
    if (!/^\d{1,9}$/.test(limitText) || Number(limitText) < 1) throw TaxiiError.badRequest('limit: give a whole number of at least 1');
    limit = Math.min(Number(limitText), MAX_PAGE_SIZE);
  }

  const nextText = single(query, 'next');
  const next = nextText === null ? null : decodeNextToken(nextText);

  const typeList = values(query, 'match[type]');
  if (typeList && (typeList.length > MAX_MATCH_VALUES || !typeList.every((t) => STIX_TYPE.test(t)))) {
    throw TaxiiError.badRequest('match[type]: give STIX object types, such as report,indicator');
  }
  const idList = values(query, 'match[id]');
  if (idList && (idList.length > MAX_MATCH_VALUES || !idList.every((i) => STIX_ID.test(i)))) {
    throw TaxiiError.badRequest('match[id]: give STIX identifiers, such as report--<uuid>');
  }
  const versionList = values(query, 'match[version]');
  let versions: number[] | null = null;
  if (versionList) {
    if (versionList.length > MAX_MATCH_VALUES) throw TaxiiError.badRequest('match[version]: too many values');
    // first, last and all are the same here: the collection keeps each object's latest version.
    const stamps = versionList.filter((v) => v !== 'first' && v !== 'last' && v !== 'all');
    if (stamps.length === versionList.length) versions = stamps.map((v) => Date.parse(timestamp('match[version]', v)));
  }
  const specVersions = values(query, 'match[spec_version]');
  return {
    addedAfter,
    limit,
    next,
    types: typeList ? new Set(typeList) : null,
    ids: idList ? idList.map((i) => i.toLowerCase()) : null,
    versions,
    specVersionServed: specVersions === null || specVersions.includes('2.1'),
  };
}
