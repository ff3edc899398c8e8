import { createHmac, timingSafeEqual } from 'node:crypto';

/** The dashboard's browser session lasts this long; the person is still reloaded on every request. */
export const DASHBOARD_SESSION_SECONDS = 15 * 60;
export const DASHBOARD_COOKIE = 'council_queue_dashboard';

/**
 * A short-lived signed cookie for the BullMQ dashboard: `<personId>.<expiresAt unix s>.<HMAC>`, the
 * HMAC-SHA256 keyed by a key derived from the JWT secret with its own label (so a cookie is never
 * an access token, nor the reverse). It only names the person and its expiry, like an access token.
 */
export class DashboardSessions {
  private readonly keys: Buffer[];

  constructor(secrets: readonly string[]) {
    this.keys = secrets.map((secret) => createHmac('sha256', secret).update('council/queue-dashboard-session/v1').digest());
  }

  issue(personId: string, now = Date.now()): { value: string; maxAgeSeconds: number } {
    const expiresAt = Math.floor(now / 1000) + DASHBOARD_SESSION_SECONDS;
    const payload = `${personId}.${expiresAt}`;
    return { value: `${payload}.${this.sign(this.keys[0], payload)}`, maxAgeSeconds: DASHBOARD_SESSION_SECONDS };
  }

  /** The person id of a valid, unexpired session cookie, or null. Previous keys stay valid during a rotation. */
  verify(value: string | undefined, now = Date.now()): string | null {
    if (!value) return null;
    const match = /^([0-9a-f-]{36})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return null;
    const [, personId, expiresAt, signature] = match;
    if (Number(expiresAt) * 1000 <= now) return null;
    const given = Buffer.from(signature);
    for (const key of this.keys) {
      const expected = Buffer.from(this.sign(key, `${personId}.${expiresAt}`));
      if (expected.length === given.length && timingSafeEqual(expected, given)) return personId;
    }
    return null;
  }

  private sign(key: Buffer, payload: string): string {
    return createHmac('sha256', key).update(payload).digest('base64url');
  }
}

/** The value of one cookie in a Cookie header (no dependency for one cookie). */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return undefined;
}
