import { createHmac } from 'node:crypto';
import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { bareHost, isForbiddenAddress } from '../channels/webhook-target';
import type { DigestPayload } from '../digest/alert-digest.service';
import type { AlertPayload } from '../payload/alert-payload';

/** `sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`, keyed by the secret's UTF-8 bytes. */
export function webhookSignature(secret: string, timestamp: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${rawBody}`).digest('hex')}`;
}

/**
 * Resolves like dns.lookup but refuses private, loopback and link-local answers, so that a host
 * name that passed addAlertChannel cannot later be re-pointed into the secretariat's network
 * (DNS rebinding): the address checked is the address connected to.
 */
const publicOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return (callback as (e: Error | null, a: string, f: number) => void)(error, '', 0);
    const list = addresses;
    const refused = list.length === 0 || list.some((a) => isForbiddenAddress(a.address));
    const fail = new Error(`webhook host ${hostname} resolves to a private, loopback or link-local address`);
    if ((options as { all?: boolean }).all) {
      if (refused) return (callback as (e: Error | null, a: LookupAddress[]) => void)(fail, []);
      return (callback as (e: Error | null, a: LookupAddress[]) => void)(null, list);
    }
    if (refused) return (callback as (e: Error | null, a: string, f: number) => void)(fail, '', 0);
    return (callback as (e: Error | null, a: string, f: number) => void)(null, list[0].address, list[0].family);
  });
};

export class WebhookDeliveryError extends Error {}

/** POSTs signed alert payloads (ALERTS.md "Webhook delivery"). 2xx is success; anything else throws. */
export class WebhookSender {
  private readonly httpAgent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  private readonly httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 256 });

  constructor(
    private readonly options: { timeoutMs: number; allowInsecure: boolean },
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** `payload`: an alert's (ALERTS.md), a daily digest's or an incident delivery's body; its deliveryId is the X-Council-Delivery header. */
  async send(target: string, secret: string, payload: AlertPayload | DigestPayload | { deliveryId: string }): Promise<number> {
    const url = new URL(target);
    if (url.protocol !== 'https:' && !(this.options.allowInsecure && url.protocol === 'http:')) {
      throw new WebhookDeliveryError('webhook target is not https');
    }
    // An address literal is connected to without a lookup, so publicOnlyLookup never sees it.
    const host = bareHost(url.hostname);
    if (!this.options.allowInsecure && isIP(host) && isForbiddenAddress(host)) {
      throw new WebhookDeliveryError(`webhook target ${host} is not a public address`);
    }
    const body = JSON.stringify(payload);
    const timestamp = String(Math.floor(this.clock().getTime() / 1000));
    const transport = url.protocol === 'https:' ? https : http;
    return new Promise<number>((resolve, reject) => {
      const request = transport.request(
        url,
        {
          method: 'POST',
          agent: url.protocol === 'https:' ? this.httpsAgent : this.httpAgent,
          lookup: this.options.allowInsecure ? undefined : publicOnlyLookup,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
            'user-agent': 'council-alerts/1',
            'x-council-delivery': payload.deliveryId,
            'x-council-timestamp': timestamp,
            'x-council-signature': webhookSignature(secret, timestamp, body),
          },
          timeout: this.options.timeoutMs,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            if (status >= 200 && status < 300) resolve(status);
            else reject(new WebhookDeliveryError(`receiver answered HTTP ${status}`));
          });
          response.on('error', (error) => reject(new WebhookDeliveryError(`response failed: ${error.message}`)));
        },
      );
      request.setTimeout(this.options.timeoutMs, () => {
        request.destroy(new WebhookDeliveryError(`no answer within ${this.options.timeoutMs} ms`));
      });
      request.on('error', (error) => reject(error instanceof WebhookDeliveryError ? error : new WebhookDeliveryError(error.message)));
      request.end(body);
    });
  }

  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}
