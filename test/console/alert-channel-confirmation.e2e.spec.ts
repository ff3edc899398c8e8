import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startSmtpReceiver } from '../alerts/alert-receivers';
import { confirmationTokenFor, isConfirmationMail, waitFor } from '../alerts/alert-test-kit';
import { insertOrganisation, insertPerson } from '../support/council-fixtures';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildConsole, launchChromium, newSession } from './console-browser';

describe('web console: an e-mail channel waits for its confirmation (Chromium)', () => {
  let api: TestApp;
  let browser: Browser;
  let smtp: Awaited<ReturnType<typeof startSmtpReceiver>>;
  let base: string;
  let reader: { id: string; email: string; token: string };

  beforeAll(async () => {
    const [consoleDir, receiver] = await Promise.all([buildConsole(), startSmtpReceiver()]);
    smtp = receiver;
    api = await startTestApp({ COUNCIL_CONSOLE_DIR: consoleDir, SMTP_URL: smtp.url });
    browser = await launchChromium();
    base = `${api.url}/console`;
    const person = await insertPerson(api.dataSource, {
      email: 'soc-lead@console.example.test',
      organisationId: (await insertOrganisation(api.dataSource)).id,
    });
    reader = { id: person.id, email: person.email, token: api.tokenFor(person.id) };
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await smtp?.close();
  });

  it('shows the channel as unconfirmed, resends the e-mail, and the mailed link confirms it with one press', async () => {
    const { context, page } = await newSession(browser, { token: reader.token });
    await page.goto(`${base}/channels`);
    await page.getByLabel('種類').selectOption('EMAIL');
    await page.getByLabel('メールアドレス').fill(reader.email);
    await page.getByRole('button', { name: '追加する' }).click();
    await page.getByText(`${reader.email} に確認メールを送信しました`).waitFor();
    const row = page.locator('tr', { hasText: reader.email });
    await row.getByText('未確認 — メールボックスを確認してください').waitFor();
    const first = await confirmationTokenFor(smtp.mails, reader.email);

    await row.getByRole('button', { name: '確認メールを再送' }).click();
    await page.getByText(`${reader.email} に確認メールを送信しました`).waitFor();
    await waitFor('the second confirmation e-mail', () => smtp.mails.filter(isConfirmationMail).length === 2);
    const second = await confirmationTokenFor(smtp.mails, reader.email);
    expect(second).not.toBe(first);

    // The link as the person opens it from their mail (not signed in): a page, then the button.
    const mailClient = await newSession(browser);
    await mailClient.page.goto(`${api.url}/alert-channels/confirm?token=${second}`);
    await mailClient.page.getByText(reader.email).first().waitFor();
    await mailClient.page.getByRole('button', { name: '確認する / Confirm' }).click();
    await mailClient.page.getByRole('heading', { name: '確認しました' }).waitFor();
    await mailClient.context.close();

    await page.reload();
    await page.locator('tr', { hasText: reader.email }).waitFor();
    expect(await page.getByText('未確認').count()).toBe(0);
    expect(await page.getByRole('button', { name: '確認メールを再送' }).count()).toBe(0);
    await context.close();
  });

  it('says the same in English', async () => {
    await api.gqlOk(
      `mutation { addAlertChannel(input: { kind: EMAIL, target: "team@console.example.test", minSeverity: HIGH }) { channel { id } } }`,
      {},
      reader.token,
    );
    const { context, page } = await newSession(browser, { token: reader.token, language: 'en' });
    await page.goto(`${base}/channels`);
    const row = page.locator('tr', { hasText: 'team@console.example.test' });
    await row.getByText('Unconfirmed — check your mailbox').waitFor();
    await row.getByRole('button', { name: 'Resend confirmation' }).waitFor();
    await context.close();
  });
});
