import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import { CouncilError } from '@app/platform/errors/council-error';

/**
 * Only globally routable unicast addresses are public. ipaddr.js keeps the IANA special-purpose
 * registries (private, loopback, link-local, CGNAT, multicast, broadcast, reserved, unique local,
 * site-local, discard, documentation, benchmarking, ...) and names everything else 'unicast', so
 * an address in a range added there later is refused without a change here.
 */
const PUBLIC_RANGE = 'unicast';

/** RFC 6052: 64:ff9b::/96 reaches the embedded IPv4 address through the network's NAT64 gateway. */
const NAT64_WELL_KNOWN = ipaddr.IPv6.parseCIDR('64:ff9b::/96');

/**
 * True unless `address` is a public unicast address (ALERTS.md: no SSRF into the secretariat's
 * network). An IPv4 address embedded in an IPv6 one counts as itself: IPv4-mapped (::ffff:a.b.c.d,
 * what a dual-stack lookup may answer) and the NAT64 well-known prefix 64:ff9b::/96 are public
 * only when the embedded IPv4 address is. The other IPv6 forms that carry an IPv4 address are
 * refused whatever it is: IPv4-compatible ::/96 (deprecated by RFC 4291 and classed 'unicast' by
 * ipaddr.js, so checked here), SIIT ::ffff:0:0/96, 6to4 2002::/16 and Teredo 2001::/32 (transition
 * mechanisms whose tunnels may deliver to the embedded address; no receiver needs them), and the
 * local-use NAT64 prefix 64:ff9b:1::/48. Anything that is not an IP address is refused too.
 */
export function isForbiddenAddress(address: string): boolean {
  if (!ipaddr.isValid(address) || !isIP(address)) return true;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv4') return parsed.range() !== PUBLIC_RANGE;
  const v6 = parsed as ipaddr.IPv6;
  const embedded = embeddedIpv4(v6);
  if (embedded) return embedded.range() !== PUBLIC_RANGE;
  if (v6.parts.slice(0, 6).every((part) => part === 0)) return true;
  return v6.range() !== PUBLIC_RANGE;
}

/** The IPv4 address of an IPv4-mapped or well-known-prefix NAT64 address, else null. */
function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  if (address.isIPv4MappedAddress()) return address.toIPv4Address();
  if (address.match(NAT64_WELL_KNOWN)) {
    const [high, low] = address.parts.slice(6);
    return new ipaddr.IPv4([high >> 8, high & 0xff, low >> 8, low & 0xff]);
  }
  return null;
}

/**
 * Checks a webhook target as addAlertChannel receives it: an absolute https URL (http too when
 * insecure webhooks are allowed), no credentials in it, and a host whose every address is public
 * unless insecure webhooks are allowed. Returns the normalised URL. The worker checks the address
 * again when it sends (webhook-sender.ts): a name may be re-pointed after this check.
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

/** The host of a URL without the brackets of an IPv6 literal. */
export function bareHost(hostname: string): string {
  return hostname.replace(/^\[|\]$/g, '');
}

async function assertPublicHost(hostname: string): Promise<void> {
  const host = bareHost(hostname);
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
  // The address is not named: it would tell anyone what internal names resolve to.
  if (addresses.length === 0 || addresses.some(isForbiddenAddress)) {
    throw CouncilError.badInput(
      'A webhook target must be a public address: it may not be or resolve to a private, loopback or link-local address, nor to any other special-purpose or IPv4-embedding IPv6 range',
    );
  }
}
