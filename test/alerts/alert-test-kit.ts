import { createHmac } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { expect } from '@jest/globals';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import type { TestApp } from '../support/test-app';
import type { ReceivedWebhook } from './alert-receivers';

export const ADD_CHANNEL = `mutation Add($input: AlertChannelInput!) { addAlertChannel(input: $input) { channel { id kind target minSeverity enabled } signingSecret } }`;

export async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

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
