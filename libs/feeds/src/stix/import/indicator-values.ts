import { ADVISORY_LIMITS, characterCount } from '@app/advisories/lifecycle/advisory-limits';
import { typeIndicator } from '../export/indicator-patterns';
import type { IndicatorKind } from './stix-pattern';

const DESCRIPTIONS: Readonly<Record<IndicatorKind, string>> = {
  'ipv4-addr': 'an IPv4 address or CIDR range',
  'ipv6-addr': 'an IPv6 address or CIDR range',
  'domain-name': 'a domain name',
  url: 'an absolute http(s), ftp(s), sftp or ws(s) URL',
  MD5: 'an MD5 hash (32 hexadecimal digits)',
  'SHA-1': 'a SHA-1 hash (40 hexadecimal digits)',
  'SHA-256': 'a SHA-256 hash (64 hexadecimal digits)',
  'SHA-512': 'a SHA-512 hash (128 hexadecimal digits)',
};

/**
 * An advisory's indicator string for one compared value: the value itself, as analysts paste it
 * into a blocklist (addresses and URLs as written, domains and hashes in lower case). A value is
 * accepted only when the STIX export types it as the same kind (typeIndicator), so that what is
 * imported is exported again with the same pattern; otherwise `{ problem }` says what it is not.
 */
export function indicatorString(kind: IndicatorKind, value: string): { indicator: string } | { problem: string } {
  if (characterCount(value) > ADVISORY_LIMITS.item) {
    return { problem: `the ${kind} value is longer than ${ADVISORY_LIMITS.item} characters (an indicator's limit)` };
  }
  const typed = typeIndicator(value);
  if (!typed || typed.kind !== kind) {
    return { problem: `${JSON.stringify(value.slice(0, 100))} is not ${DESCRIPTIONS[kind]}` };
  }
  switch (kind) {
    case 'ipv4-addr':
    case 'url':
      return { indicator: typed.value };
    case 'domain-name':
      return { indicator: typed.value.toLowerCase().replace(/\.$/, '') };
    default:
      return { indicator: typed.value.toLowerCase() };
  }
}
