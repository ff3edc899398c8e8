import { isIPv4, isIPv6 } from 'node:net';
import { domainToASCII } from 'node:url';

/** What an advisory's indicator string turned out to be, and its STIX pattern. */
export interface TypedIndicator {
  /** The indicator as the advisory states it (trimmed). */
  value: string;
  kind: IndicatorKind;
  pattern: string;
}

export type IndicatorKind = 'ipv4-addr' | 'ipv6-addr' | 'domain-name' | 'url' | 'MD5' | 'SHA-1' | 'SHA-256' | 'SHA-512';

/**
 * A STIX pattern string literal: single-quoted, with backslash and quote escaped (STIX 2.1 §9.3:
 * `\\` and `\'` are the only escapes). Anything else, unicode included, stays as it is.
 */
export function stixString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

const HASH_BY_LENGTH: Readonly<Record<number, IndicatorKind>> = { 32: 'MD5', 40: 'SHA-1', 64: 'SHA-256', 128: 'SHA-512' };
const HASH_PREFIXES: Readonly<Record<string, IndicatorKind>> = {
  md5: 'MD5',
  sha1: 'SHA-1',
  'sha-1': 'SHA-1',
  sha256: 'SHA-256',
  'sha-256': 'SHA-256',
  sha512: 'SHA-512',
  'sha-512': 'SHA-512',
};
const URL_SCHEMES = new Set(['http:', 'https:', 'ftp:', 'ftps:', 'sftp:', 'ws:', 'wss:']);
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

function hashKind(value: string): { kind: IndicatorKind; hex: string } | null {
  const prefixed = /^([a-z0-9-]+):([0-9a-f]+)$/i.exec(value);
  if (prefixed) {
    const kind = HASH_PREFIXES[prefixed[1].toLowerCase()];
    return kind && HASH_BY_LENGTH[prefixed[2].length] === kind ? { kind, hex: prefixed[2] } : null;
  }
  if (!/^[0-9a-f]+$/i.test(value)) return null;
  const kind = HASH_BY_LENGTH[value.length];
  return kind ? { kind, hex: value } : null;
}

function cidr(value: string, isAddress: (a: string) => boolean, maxPrefix: number): boolean {
  const slash = value.indexOf('/');
  if (slash < 0) return isAddress(value);
  const prefix = value.slice(slash + 1);
  return isAddress(value.slice(0, slash)) && /^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix;
}

function isUrl(value: string): boolean {
  if (!/^[a-z][a-z0-9+.-]*:\/\/\S+$/i.test(value)) return false;
  try {
    return URL_SCHEMES.has(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** The ASCII (punycode) form of a domain name, or null when `value` is not one. */
function domainName(value: string): string | null {
  if (value.length > 253 || /[\s/:@?#\\'"]/.test(value) || !value.includes('.')) return null;
  const ascii = domainToASCII(value.replace(/\.$/, '')).toLowerCase();
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((l) => DOMAIN_LABEL.test(l))) return null;
  // A last label of digits only is an IPv4-looking string, not a domain.
  if (/^\d+$/.test(labels[labels.length - 1])) return null;
  return ascii;
}

/**
 * Types an indicator string the way an analyst wrote it: IPv4/IPv6 address or CIDR block, URL,
 * file hash (MD5, SHA-1, SHA-256, SHA-512 by length, or with an `sha256:` style prefix), or domain
 * name. Null for anything else (defanged forms, e-mail addresses, free text): those stay in the
 * report's description, never in a pattern we are not sure of.
 */
export function typeIndicator(raw: string): TypedIndicator | null {
  const value = raw.trim();
  if (value === '' || value.length > 2048) return null;
  if (cidr(value, isIPv4, 32)) return { value, kind: 'ipv4-addr', pattern: `[ipv4-addr:value = ${stixString(value)}]` };
  if (cidr(value, isIPv6, 128)) return { value, kind: 'ipv6-addr', pattern: `[ipv6-addr:value = ${stixString(value)}]` };
  const hash = hashKind(value);
  if (hash) {
    return { value, kind: hash.kind, pattern: `[file:hashes.${stixString(hash.kind)} = ${stixString(hash.hex.toLowerCase())}]` };
  }
  if (isUrl(value)) return { value, kind: 'url', pattern: `[url:value = ${stixString(value)}]` };
  const domain = domainName(value);
  if (domain) return { value, kind: 'domain-name', pattern: `[domain-name:value = ${stixString(domain)}]` };
  return null;
}
