import { isIPv4, isIPv6 } from 'node:net';
import { ADVISORY_LIMITS, characterCount } from '@app/advisories/lifecycle/advisory-limits';
import type { IndicatorKind } from './stix-pattern';

/**
 * An advisory's indicator string for one compared value: the value itself, as analysts paste it
 * into a blocklist (addresses and CIDR ranges as written, domains and hashes in lower case, URLs
 * verbatim: changing a URL's case or encoding would change what it matches). A value that is not
 * what its kind says it is gives `{ problem }`.
 */
export function indicatorString(kind: IndicatorKind, value: string): { indicator: string } | { problem: string } {
  const invalid = (what: string) => ({ problem: `${JSON.stringify(value.slice(0, 100))} is not ${what}` });
  if (value.length === 0) return { problem: `the ${kind} value is empty` };
  if (characterCount(value) > ADVISORY_LIMITS.item) {
    return { problem: `the ${kind} value is longer than ${ADVISORY_LIMITS.item} characters (an indicator's limit)` };
  }
  switch (kind) {
    case 'ipv4-addr':
      return withPrefix(value, 32, isIPv4) ? { indicator: value } : invalid('an IPv4 address or CIDR range');
    case 'ipv6-addr':
      return withPrefix(value, 128, isIPv6) ? { indicator: value.toLowerCase() } : invalid('an IPv6 address or CIDR range');
    case 'domain-name': {
      const domain = value.toLowerCase().replace(/\.$/, '');
      return isDomainName(domain) ? { indicator: domain } : invalid('a domain name');
    }
    case 'url':
      return isUrl(value) ? { indicator: value } : invalid('an absolute URL');
    case 'MD5':
    case 'SHA-1':
    case 'SHA-256':
    case 'SHA-512': {
      const length = { MD5: 32, 'SHA-1': 40, 'SHA-256': 64, 'SHA-512': 128 }[kind];
      return new RegExp(`^[0-9a-fA-F]{${length}}$`).test(value) ? { indicator: value.toLowerCase() } : invalid(`a ${kind} hash (${length} hexadecimal digits)`);
    }
  }
}

function withPrefix(value: string, maxPrefix: number, isAddress: (address: string) => boolean): boolean {
  const [address, prefix, extra] = value.split('/');
  if (extra !== undefined || !isAddress(address)) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
}

/** Labels of letters (any script: internationalised names), digits, hyphens and underscores. */
const LABEL = /^[\p{L}\p{N}_](?:[\p{L}\p{N}\p{M}_-]{0,61}[\p{L}\p{N}\p{M}_])?$/u;

function isDomainName(domain: string): boolean {
  return domain.length > 0 && domain.length <= 253 && domain.split('.').every((label) => LABEL.test(label));
}

function isUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.host.length > 0;
  } catch {
    return false;
  }
}
