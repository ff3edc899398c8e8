import { createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { checkWebhookTarget, isForbiddenAddress } from '../../libs/alerts/src/channels/webhook-target';
import { WebhookSender } from '../../libs/alerts/src/deliveries/webhook-sender';

/** Addresses a webhook may never reach (ALERTS.md: no SSRF into the secretariat's network), and why. */
const REFUSED: Array<[string, string]> = [
  ['0.0.0.0', 'unspecified'],
  ['0.1.2.3', '"this network" 0/8'],
  ['10.0.0.1', 'private 10/8'],
  ['172.16.5.4', 'private 172.16/12'],
  ['172.31.255.254', 'private 172.16/12, last'],
  ['192.168.1.1', 'private 192.168/16'],
  ['127.0.0.1', 'loopback'],
  ['127.255.255.254', 'loopback, last of 127/8'],
  ['169.254.169.254', 'link-local (cloud metadata)'],
  ['100.64.0.1', 'CGNAT 100.64/10'],
  ['100.127.255.254', 'CGNAT 100.64/10, last'],
  ['224.0.0.1', 'multicast'],
  ['239.255.255.250', 'multicast (SSDP)'],
  ['255.255.255.255', 'broadcast'],
  ['240.0.0.1', 'reserved 240/4'],
  ['192.0.0.8', 'IETF protocol assignments 192.0.0/24'],
  ['192.0.2.10', 'documentation TEST-NET-1'],
  ['198.18.0.1', 'benchmarking 198.18/15'],
  ['::', 'IPv6 unspecified'],
  ['::1', 'IPv6 loopback'],
  ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
  ['::ffff:7f00:1', 'IPv4-mapped loopback, hex form (as URL normalises it)'],
  ['::ffff:10.0.0.1', 'IPv4-mapped private'],
  ['::ffff:169.254.169.254', 'IPv4-mapped link-local'],
  ['::127.0.0.1', 'IPv4-compatible loopback'],
  ['::7f00:1', 'IPv4-compatible loopback, hex form'],
  ['::5db8:d70e', 'IPv4-compatible of a public address (deprecated form)'],
  ['::ffff:0:127.0.0.1', 'SIIT ::ffff:0:0/96 of loopback'],
  ['::ffff:0:7f00:1', 'SIIT, hex form'],
  ['64:ff9b::10.0.0.1', 'NAT64 of a private address'],
  ['64:ff9b::7f00:1', 'NAT64 of loopback'],
  ['64:ff9b::a9fe:a9fe', 'NAT64 of link-local'],
  ['64:ff9b:1::5db8:d70e', 'local-use NAT64 prefix 64:ff9b:1::/48'],
  ['2002:7f00:1::', '6to4 of loopback'],
  ['2002:a00:1::1', '6to4 of a private address'],
  ['2002:5db8:d70e::1', '6to4 of a public address (tunnel relay)'],
  ['2001:0:4136:e378:8000:63bf:3fff:fdd2', 'Teredo'],
  ['2001::1', 'Teredo 2001::/32'],
  ['fec0::1', 'deprecated site-local fec0::/10'],
  ['fc00::1', 'unique local fc00::/7'],
  ['fd12:3456:789a::1', 'unique local fd00::/8'],
  ['fe80::1', 'link-local fe80::/10'],
  ['febf::1', 'link-local fe80::/10, last'],
  ['ff02::1', 'IPv6 multicast'],
  ['100::1', 'discard-only 100::/64'],
  ['2001:db8::1', 'documentation 2001:db8::/32'],
  ['not-an-address', 'not an IP address'],
  ['', 'empty'],
];

const ACCEPTED: Array<[string, string]> = [
  ['93.184.215.14', 'public IPv4'],
  ['8.8.8.8', 'public IPv4'],
  ['1.1.1.1', 'public IPv4'],
  ['172.32.0.1', 'just outside 172.16/12'],
  ['100.128.0.1', 'just outside CGNAT'],
  ['2606:4700::1111', 'public IPv6'],
  ['2001:4860:4860::8888', 'public IPv6 in 2001::/16 outside Teredo'],
  ['2400:cb00::1', 'public IPv6'],
  ['::ffff:93.184.215.14', 'IPv4-mapped public address (a dual-stack lookup may answer these)'],
  ['64:ff9b::93.184.215.14', 'NAT64 of a public address (IPv6-only networks with DNS64)'],
];

describe('webhook target addresses', () => {
  it.each(REFUSED)('refuses %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(true);
  });

  it.each(ACCEPTED)('accepts %s (%s)', (address) => {
    expect(isForbiddenAddress(address)).toBe(false);
  });

  it.each([
    'https://[::127.0.0.1]/hook',
    'https://[::ffff:0:127.0.0.1]/hook',
    'https://[::ffff:127.0.0.1]/hook',
    'https://[64:ff9b::10.0.0.1]/hook',
    'https://[2002:7f00:1::]/hook',
    'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/hook',
    'https://[fec0::1]/hook',
    'https://0x7f.1/hook',
    'https://2130706433/hook',
    'https://100.64.0.1/hook',
  ])('refuses the target %s when registered', async (target) => {
    await expect(checkWebhookTarget(target, false)).rejects.toThrow(/must be a public address/);
  });

  it('allows them all when insecure webhooks are allowed (tests and local development only)', async () => {
    await expect(checkWebhookTarget('http://[::127.0.0.1]:8080/hook', true)).resolves.toBe('http://[::7f00:1]:8080/hook');
  });
});

describe('the webhook sender checks the address it connects to', () => {
  it('never connects to a non-public address literal, whatever was checked when the channel was added', async () => {
    const connections: Socket[] = [];
    const server = createServer((socket) => {
      connections.push(socket);
      socket.destroy();
    });
    await new Promise<void>((resolve) => server.listen(0, '::', resolve));
    const { port } = server.address() as AddressInfo;
    const sender = new WebhookSender({ timeoutMs: 2_000, allowInsecure: false });
    try {
      for (const host of ['[::ffff:127.0.0.1]', '[::1]', '127.0.0.1']) {
        await expect(sender.send(`https://${host}:${port}/hook`, 'whsec_test', { deliveryId: 'd-1' })).rejects.toThrow(
          /is not a public address/,
        );
      }
      // A name is resolved by the sender's own lookup, which refuses what it answers.
      await expect(sender.send(`https://localhost:${port}/hook`, 'whsec_test', { deliveryId: 'd-2' })).rejects.toThrow(
        /private, loopback or link-local/,
      );
      expect(connections).toHaveLength(0);
    } finally {
      sender.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
