import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { expect } from '@jest/globals';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import type { TestApp } from '../support/test-app';
import { waitFor } from '../support/wait-for';
import type { ReceivedMail, ReceivedWebhook } from './alert-receivers';

export const ADD_CHANNEL = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { id kind target minSeverity enabled } signingSecret } }`;

export { QUIET_MS, sleep, waitFor } from '../support/wait-for';

/** The worker (relay, fan-out, deliveries, escalations) in this process, configured by the environment startTestApp set. */
export async function startWorker(): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule] }).compile();
  const worker = moduleRef.createNestApplication({ logger: process.env.COUNCIL_TEST_LOGS === 'true' ? undefined : false });
  await worker.init();
  return worker;
}

/** Adds a webhook channel through GraphQL and returns its id and signing secret. */
export async function addWebhook(
  api: TestApp,
  token: string,
  target: string,
  minSeverity = 'INFO',
): Promise<{ id: string; secret: string }> {
  const data = await api.gqlOk(ADD_CHANNEL, { input: { kind: 'WEBHOOK', target, minSeverity } }, token);
  return { id: data.addAlertChannel.channel.id, secret: data.addAlertChannel.signingSecret };
}

/** Checks a received webhook against ALERTS.md "Webhook delivery", signed with `secret`. */
export function expectSignedWith(webhook: ReceivedWebhook, secret: string): void {
  const timestamp = String(webhook.headers['x-council-timestamp']);
  expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(120);
  const expected = createHmac('sha256', Buffer.from(secret, 'utf8')).update(`${timestamp}.${webhook.body}`).digest('hex');
  expect(webhook.headers['x-council-signature']).toBe(`sha256=${expected}`);
  expect(webhook.headers['content-type']).toBe('application/json');
  expect(JSON.parse(webhook.body).deliveryId).toBe(webhook.headers['x-council-delivery']);
}

/** True for the e-mail that asks to confirm an EMAIL channel's address (not an alert or a digest). */
export function isConfirmationMail(mail: ReceivedMail): boolean {
  return /^X-Council-Confirmation:/im.test(mail.raw);
}

/** The text of a single-part mail as a mail client shows it (nodemailer picks base64 for mostly Japanese text). */
export function mailText(mail: ReceivedMail): string {
  const split = mail.raw.search(/\r?\n\r?\n/);
  const head = mail.raw.slice(0, split);
  if (!/^Content-Transfer-Encoding:\s*base64/im.test(head)) return mail.decoded;
  return Buffer.from(mail.raw.slice(split).replace(/\s+/g, ''), 'base64').toString('utf8');
}

/** The token of the newest confirmation link mailed to `address`, waiting for the e-mail to arrive. */
export async function confirmationTokenFor(mails: ReceivedMail[], address: string): Promise<string> {
  let token: string | undefined;
  await waitFor(`the confirmation e-mail to ${address}`, () => {
    const mail = mails.filter((m) => m.to.includes(address) && isConfirmationMail(m)).at(-1);
    token = mail && /\/alert-channels\/confirm\?token=([A-Za-z0-9_-]{43})/.exec(mailText(mail))?.[1];
    return token !== undefined;
  });
  return token as string;
}

/**
 * Confirms the EMAIL channel of `address` as its owner does: opens the mailed link (a page with a
 * button), then presses the button (a form POST). Tests that expect e-mail deliveries call it
 * after addAlertChannel: nothing is sent to an unconfirmed address.
 */
export async function confirmEmailChannel(api: TestApp, mails: ReceivedMail[], address: string): Promise<void> {
  const token = await confirmationTokenFor(mails, address);
  const page = await fetch(`${api.url}/alert-channels/confirm?token=${token}`);
  expect(page.status).toBe(200);
  const confirmed = await fetch(`${api.url}/alert-channels/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ token }).toString(),
  });
  expect(confirmed.status).toBe(200);
}
