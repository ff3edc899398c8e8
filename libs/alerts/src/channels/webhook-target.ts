import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import { CouncilError } from '@app/platform/errors/council-error';

/** Addresses a webhook may never reach unless insecure webhooks are allowed (ALERTS.md: no SSRF). */
const FORBIDDEN = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16],
  ['172.16.0.0', 12], ['192.0.0.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], ['::1', 128], ['fc00::', 7], ['fe80::', 10], ['ff00::', 8], ['64:ff9b::', 96], ['2001:db8::', 32],
] as const) {
  FORBIDDEN.addSubnet(network, prefix, 'ipv6');
}

/** True for private, loopback, link-local, unspecified, multicast and reserved addresses. */
export function isForbiddenAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 4) return FORBIDDEN.check(address, 'ipv4');
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return FORBIDDEN.check(mapped[1], 'ipv4');
    return FORBIDDEN.check(address, 'ipv6');
  }
  return true;
}

/**
 * Checks a webhook target as addAlertChannel receives it: an absolute https URL (http too when
 * insecure webhooks are allowed), no credentials in it, and a host whose every address is public
 * unless insecure webhooks are allowed. Returns the normalised URL.
 */
export async function checkWebhookTarget(target: string, allowInsecure: boolean): Promise<string> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw CouncilError.badInput('A webhook target must be an absolute URL such as https://example.org/hooks/council');
  }
  if (url.protocol !== 'https:' && !(allowInsecure && url.protocol === 'http:')) {
    throw CouncilError.badInput('A webhook target must use https');
  }
  if (url.username || url.password) {
    throw CouncilError.badInput('A webhook target may not carry a user name or password; authenticate with the signature');
  }
  url.hash = '';
  if (!allowInsecure) await assertPublicHost(url.hostname);
  return url.toString();
}

async function assertPublicHost(hostname: string): Promise<void> {
  const host = hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await lookup(host, { all: true, verbatim: true })).map((a) => a.address);
    } catch {
      throw CouncilError.badInput(`The webhook host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
    throw CouncilError.badInput(
      'A webhook target may not resolve to a private, loopback or link-local address',
    );
  }
}
