import { createHash } from 'node:crypto';
import { COUNCIL_STIX_NAMESPACE } from '../stix-markings';

/**
 * Ids of the objects exported from advisories: name-based UUIDs, version 3 (RFC 4122: MD5 of the
 * namespace and the name). Version 3 rather than 5 because PostgreSQL computes MD5 natively: the
 * TAXII server finds an object by id (`objects/{id}/`, `match[id]`) with the same function in SQL,
 * inside the policy's WHERE clause, without storing a mapping. MD5 only names here; nothing relies
 * on it being collision-resistant against an adversary (the names are ours).
 */

const NAMESPACE_HEX = COUNCIL_STIX_NAMESPACE.replace(/-/g, '');

function uuidV3(name: string): string {
  const hex = createHash('md5').update(Buffer.from(NAMESPACE_HEX, 'hex')).update(Buffer.from(name, 'utf8')).digest('hex');
  const variant = '89ab'[parseInt(hex[16], 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-3${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The same UUID as uuidV3, computed by PostgreSQL from a text expression (`nameSql`). */
export function uuidV3Sql(nameSql: string): string {
  const hash = `md5(decode('${NAMESPACE_HEX}', 'hex') || convert_to(${nameSql}, 'UTF8'))`;
  return (
    `(substr(${hash}, 1, 12) || '3' || substr(${hash}, 14, 3) || ` +
    `translate(substr(${hash}, 17, 1), '0123456789abcdef', '89ab89ab89ab89ab') || substr(${hash}, 18, 15))::uuid`
  );
}

/** One report per advisory and access level: a reader who gains or loses access gets another object. */
export function reportName(advisoryId: string, access: string): string {
  return `report:${advisoryId}:${access}`;
}

/** `value` is the indicator string exactly as stored in the advisory. */
export function indicatorName(advisoryId: string, value: string): string {
  return `indicator:${advisoryId}:${value}`;
}

export function reportId(advisoryId: string, access: string): string {
  return `report--${uuidV3(reportName(advisoryId, access))}`;
}

export function indicatorId(advisoryId: string, value: string): string {
  return `indicator--${uuidV3(indicatorName(advisoryId, value))}`;
}

/** `<type>--` stripped from a STIX id, when it is one of `type`; else null. */
export function uuidOfStixId(stixId: string, type: string): string | null {
  const match = /^([a-z][a-z0-9-]*)--([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/.exec(stixId);
  return match && match[1] === type ? match[2] : null;
}
