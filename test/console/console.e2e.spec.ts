/// <reference lib="dom" />
import * as fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Algorithm, hash } from '@node-rs/argon2';
import type { Browser, Page } from 'playwright-core';
import {
  AdvisoryStatus,
  Classification,
  ClearanceLevel,
  MembershipTier,
  Role,
  Sector,
  Severity,
  Tlp,
} from '../../libs/platform/src/vocabulary';
import { startWorker, waitFor } from '../alerts/alert-test-kit';
import { inDays, insertAdvisory, insertOrganisation, insertPerson } from '../support/council-fixtures';
import { grantClearanceThroughApi } from '../support/membership-session';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildConsole, launchChromium, newSession, screenshot } from './console-browser';

const PASSWORD = 'a long enough passphrase';

/** Text of IESI views: none of it may ever reach an uncleared reader's page. */
const IESI_TEXT = {
  title: 'IESI-FULL-TITLE grid operator intrusion',
  summary: 'IESI-FULL-SUMMARY state actor inside substation networks',
  body: 'IESI-FULL-BODY the actor used credentials stolen from vendor X',
  action: 'IESI-FULL-ACTION rotate the vendor jump host keys',
  indicator: '203.0.113.66',
  onlyTitle: 'IESI-ONLY-TITLE no tear line at all',
  onlySummary: 'IESI-ONLY-SUMMARY never released',
};
const TEAR_LINE = { title: 'Tear line: intrusions at energy operators', summary: 'Check remote access gateways for unusual logins.' };

interface Council {
  reader: { id: string; email: string; token: string };
  author: { id: string; email: string; token: string };
  clearedAuthor: { id: string; token: string };
  orgAdmin: { id: string; token: string };
  secretariat: { id: string; email: string; token: string };
  /** A second cleared secretariat person, who approves the clearance grants the first requests. */
  secondOfficer: { id: string; email: string; token: string };
  auditor: { id: string; email: string; token: string };
  orgAId: string;
  orgBId: string;
  iesiAdvisoryId: string;
  iesiOnlyId: string;
  confidentialId: string;
}

describe('web console (Chromium)', () => {
  let api: TestApp;
  let worker: INestApplication;
  let browser: Browser;
  let council: Council;
  let base: string;
  let hasFeedTokens = false;
  /** Published by the author during the alerts journey; widened later. */
  let liveAdvisoryId = '';

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    // One delivery attempt: a webhook to a closed port fails for good at once (the failed-deliveries journey).
    api = await startTestApp({ COUNCIL_CONSOLE_DIR: consoleDir, COUNCIL_ALERT_DELIVERY_ATTEMPTS: '1', COUNCIL_ALERT_BACKOFF_MS: '10' });
    worker = await startWorker();
    browser = await launchChromium();
    base = `${api.url}/console`;
    council = await seedCouncil(api);
    const fields = await api.gqlOk<{ __type: { fields: Array<{ name: string }> } }>(`{ __type(name: "Query") { fields { name } } }`);
    hasFeedTokens = fields.__type.fields.some((f) => f.name === 'myFeedTokens');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
  });

  it('serves the console under /console/ beside the API, whose routes it does not shadow', async () => {
    const index = await fetch(`${base}/advisories/anything`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-type')).toMatch(/text\/html/);
    expect(index.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await index.text();
    expect(html).toContain('<html lang="ja">');
    const asset = html.match(/src="(\/console\/assets\/[^"]+\.js)"/)?.[1];
    expect(asset).toBeDefined();
    expect((await fetch(`${api.url}${asset}`)).status).toBe(200);
    expect((await fetch(`${base}/assets/missing.js`)).status).toBe(404);
    expect((await fetch(`${api.url}/health/live`)).status).toBe(200);
    const root = await fetch(`${api.url}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/console/');
    // GraphQL still answers as before, with its own rules: no data without a token.
    const anonymous = await api.gql(`{ advisories { totalCount } }`);
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('signs a reader in through the form, in Japanese first, and switches to English and back (remembered)', async () => {
    const { context, page } = await newSession(browser);
    await page.goto(`${base}/`);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await expect(page.getByRole('heading', { name: 'サインイン' }).isVisible()).resolves.toBe(true);
    await screenshot(page, '01-sign-in');
    await page.getByLabel('メールアドレス').fill(council.reader.email);
    await page.getByLabel('パスワード').fill('wrong password, long enough');
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('alert').waitFor();
    await page.getByLabel('パスワード').fill(PASSWORD);
    await page.getByRole('button', { name: 'サインイン' }).click();
    await page.getByRole('heading', { name: 'アドバイザリー一覧' }).waitFor();

    // Badges: access level, classification, TLP in FIRST's colours on black.
    const amber = page.locator('[data-tlp="AMBER"]').first();
    await amber.waitFor();
    expect(await amber.textContent()).toBe('TLP:AMBER');
    const colours = await amber.evaluate((el) => [getComputedStyle(el).color, getComputedStyle(el).backgroundColor]);
    expect(colours).toEqual(['rgb(255, 192, 0)', 'rgb(0, 0, 0)']);
    expect(await page.locator('[data-access="TEAR_LINE"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-access="FULL"]').count()).toBeGreaterThan(0);
    // Dates in JST with the ISO instant in the tooltip.
    const time = page.locator('time').first();
    expect(await time.textContent()).toMatch(/JST$/);
    expect(await time.getAttribute('title')).toMatch(/^\d{4}-\d{2}-\d{2}T.*Z$/);
    await screenshot(page, '02-feed-ja');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Advisories' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { name: 'Advisories' }).waitFor();
    await screenshot(page, '03-feed-en');
    await page.getByRole('button', { name: /日本語/ }).click();
    await page.getByRole('heading', { name: 'アドバイザリー一覧' }).waitFor();
    await context.close();
  });

  it('never shows an uncleared reader any IESI text: feed, search, advisory pages, alerts, in either language', async () => {
    const { context, page } = await newSession(browser, { token: council.reader.token });
    const responses: string[] = [];
    page.on('response', async (response) => {
      if (response.url().endsWith('/graphql')) responses.push(await response.text().catch(() => ''));
    });
    const visited: string[] = [];
    const expectNoIesi = async (where: string) => {
      visited.push(where);
      const html = await page.content();
      const text = await page.evaluate(() => document.body.innerText);
      for (const secret of Object.values(IESI_TEXT)) {
        expect({ where, leaked: html.includes(secret) || text.includes(secret) ? secret : null }).toEqual({ where, leaked: null });
      }
    };

    await page.goto(`${base}/`);
    await page.getByRole('link', { name: TEAR_LINE.title }).waitFor();
    await expectNoIesi('feed');
    // The item is there, as its tear line, with the badge saying so.
    const item = page.locator('li', { has: page.getByRole('link', { name: TEAR_LINE.title }) });
    expect(await item.locator('[data-access]').getAttribute('data-access')).toBe('TEAR_LINE');
    expect(await item.locator('[data-classification]').getAttribute('data-classification')).toBe('UNCLASSIFIED');

    for (const term of ['IESI-FULL', 'IESI-ONLY', 'substation', 'energy']) {
      await page.getByLabel('キーワード検索（タイトル・概要）').fill(term);
      await page.getByRole('button', { name: '絞り込む' }).click();
      await page.waitForLoadState('networkidle');
      await expectNoIesi(`search ${term}`);
    }

    await page.goto(`${base}/advisories/${council.iesiAdvisoryId}`);
    await page.getByRole('heading', { name: TEAR_LINE.title }).waitFor();
    expect(await page.getByRole('note').first().textContent()).toContain('ティアライン');
    await expectNoIesi('advisory page (tear line)');
    await screenshot(page, '04-advisory-tear-line');

    await page.goto(`${base}/advisories/${council.iesiOnlyId}`);
    await page.getByText('このアドバイザリーは存在しないか、閲覧できません。').waitFor();
    await expectNoIesi('advisory page (IESI only)');

    await page.goto(`${base}/alerts`);
    await page.getByRole('link', { name: TEAR_LINE.title }).waitFor();
    await expectNoIesi('alerts inbox');

    await page.getByRole('button', { name: /English/ }).click();
    await page.goto(`${base}/advisories/${council.iesiAdvisoryId}`);
    await page.getByRole('heading', { name: TEAR_LINE.title }).waitFor();
    await expectNoIesi('advisory page in English');
    await page.goto(`${base}/profile`);
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await expectNoIesi('profile');
    for (const [path, heading] of [
      ['/channels', 'Alert channels'],
      ['/incidents', 'Incident reports'],
      ['/submissions', 'Our submissions and their moderation'],
    ]) {
      await page.goto(`${base}${path}`);
      await page.getByRole('heading', { name: heading, exact: true }).waitFor();
      await page.waitForLoadState('networkidle');
      await expectNoIesi(path);
    }

    // Nor did any API answer to this page carry it.
    expect(responses.length).toBeGreaterThan(5);
    for (const body of responses) for (const secret of Object.values(IESI_TEXT)) expect(body.includes(secret)).toBe(false);
    expect(visited.length).toBe(13);
    await context.close();
  });

  it('lets the reader acknowledge an alert in the inbox, which shows new alerts live', async () => {
    const { context, page } = await newSession(browser, { token: council.reader.token });
    await page.goto(`${base}/alerts`);
    const item = page.locator('li', { has: page.getByRole('link', { name: TEAR_LINE.title }) });
    await item.waitFor();
    expect(await page.getByTestId('unacknowledged-count').textContent()).toBe('1');
    await screenshot(page, '05-alerts');
    await item.getByRole('button', { name: '確認しました' }).click();
    await item.getByText('確認済み').waitFor();
    await page.getByTestId('unacknowledged-count').waitFor({ state: 'detached' });
    const { myAlerts } = await api.gqlOk(`{ myAlerts { advisory { id } acknowledgedAt } }`, {}, council.reader.token);
    const alert = myAlerts.find((a: { advisory: { id: string } | null }) => a.advisory?.id === council.iesiAdvisoryId);
    expect(alert.acknowledgedAt).not.toBeNull();

    // A publication while the inbox is open: the alert arrives through the subscription, no reload.
    liveAdvisoryId = await publish(api, council, { title: 'Live: VPN appliance zero-day', severity: 'CRITICAL' });
    await page.getByRole('link', { name: 'Live: VPN appliance zero-day' }).waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('unacknowledged-count').textContent()).toBe('1');
    await context.close();
  });

  it('adds and changes an alert channel', async () => {
    const { context, page } = await newSession(browser, { token: council.reader.token });
    await page.goto(`${base}/channels`);
    await page.getByLabel('種類').selectOption('WEBHOOK');
    await page.getByLabel('Webhook の URL（https）').fill('http://127.0.0.1:9/soc-hook');
    await page.getByLabel('通知する重大度（以上）', { exact: true }).last().selectOption('HIGH');
    await page.getByRole('checkbox', { name: '電力' }).check();
    await page.getByLabel('都道府県', { exact: true }).selectOption('27');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByRole('button', { name: '追加する' }).click();
    // The signing secret is shown once.
    await page.getByText('Webhook 署名鍵').waitFor();
    const row = page.locator('tr', { has: page.getByRole('cell', { name: 'http://127.0.0.1:9/soc-hook' }) });
    // A controlled box: it shows the change once the API has taken it.
    await row.getByRole('checkbox', { name: '日次まとめ' }).click();
    await row.locator('input[aria-label="日次まとめ"]:checked').waitFor();
    const { myAlertChannels } = await api.gqlOk(
      `{ myAlertChannels { kind target minSeverity sectors regions digest } }`,
      {},
      council.reader.token,
    );
    expect(myAlertChannels).toContainEqual({
      kind: 'WEBHOOK',
      target: 'http://127.0.0.1:9/soc-hook',
      minSeverity: 'HIGH',
      sectors: ['ELECTRICITY'],
      regions: ['27'],
      digest: true,
    });
    await context.close();
  });

  it('shows a failed delivery to its owner, and to the secretariat, who sends it again', async () => {
    const advisoryId = await publish(api, council, { title: 'Grid: substation firmware advisory', severity: 'HIGH' });
    await waitFor('the failed webhook delivery', async () => {
      const { myFailedDeliveries } = await api.gqlOk(`{ myFailedDeliveries { advisoryId } }`, {}, council.reader.token);
      return myFailedDeliveries.some((d: { advisoryId: string }) => d.advisoryId === advisoryId);
    });
    const reader = await newSession(browser, { token: council.reader.token });
    await reader.page.goto(`${base}/channels`);
    await reader.page.getByRole('heading', { name: '届かなかった通知' }).waitFor();
    await reader.page.locator('li', { hasText: 'http://127.0.0.1:9/soc-hook' }).first().waitFor();
    await screenshot(reader.page, '06-channels');

    const secretariat = await newSession(browser, { token: council.secretariat.token });
    await secretariat.page.goto(`${base}/deliveries`);
    await secretariat.page.getByLabel('アドバイザリー').selectOption({ label: 'Grid: substation firmware advisory' });
    const row = secretariat.page.locator('tr', { hasText: 'http://127.0.0.1:9' });
    await row.waitFor();
    await screenshot(secretariat.page, '14-failed-deliveries');
    const before = await api.gqlOk(
      `query($id: ID!) { failedAlertDeliveries(advisoryId: $id) { id attempts } }`,
      { id: advisoryId },
      council.secretariat.token,
    );
    await row.getByRole('button', { name: '再送する' }).click();
    // Sent again (one more attempt, which fails again against the closed port).
    await waitFor('the second attempt', async () => {
      const after = await api.gqlOk(
        `query($id: ID!) { failedAlertDeliveries(advisoryId: $id) { id attempts } }`,
        { id: advisoryId },
        council.secretariat.token,
      );
      return after.failedAlertDeliveries.some(
        (d: { id: string; attempts: number }) =>
          d.id === before.failedAlertDeliveries[0].id && d.attempts > before.failedAlertDeliveries[0].attempts,
      );
    });
    expect(await secretariat.page.getByRole('alert').count()).toBe(0);
    await reader.context.close();
    await secretariat.context.close();
  });

  it('creates and revokes a feed token (when the API has feed tokens)', async () => {
    if (!hasFeedTokens) {
      console.warn('skipped: this API has no myFeedTokens yet');
      return;
    }
    const { context, page } = await newSession(browser, { token: council.reader.token });
    await page.goto(`${base}/feed-tokens`);
    await page.getByLabel('名前').fill('SOC reader');
    await page.getByRole('button', { name: 'トークンを発行' }).click();
    await page.locator('code.secret').waitFor();
    await page.getByRole('cell', { name: 'SOC reader' }).waitFor();
    await screenshot(page, '07-feed-tokens');
    await page.getByRole('button', { name: '失効させる' }).click();
    await page.getByText('失効済み').waitFor();
    await context.close();
  });

  it('lets an author compose with live checks of the writing rules, submit, and read the moderation outcome', async () => {
    const { context, page } = await newSession(browser, { token: council.author.token });
    await page.goto(`${base}/compose`);
    await page.getByRole('heading', { name: 'アドバイザリー作成' }).waitFor();
    const fullView = page.locator('fieldset', { hasText: '全文（本来の取扱区分）' });
    await fullView.getByLabel('タイトル', { exact: true }).fill('Phishing wave against regional banks');
    await fullView.getByLabel('概要', { exact: true }).fill('Credential phishing pages imitate internet banking logins.');
    await fullView.getByLabel('重大度').selectOption('HIGH');
    // Rules checked as one types: IESI without clearance, TLP RED without named people, a tear line above the full view.
    await fullView.getByLabel('取扱区分').selectOption('IESI');
    await page.getByText('有効な IESI クリアランスがない方は IESI 区分を付けられません。').waitFor();
    await fullView.getByLabel('取扱区分').selectOption('COUNCIL_CONFIDENTIAL');
    await fullView.getByLabel('TLP', { exact: true }).selectOption('RED');
    await page.getByText('TLP:RED には受領者（個人）の指名が必要です。').waitFor();
    await fullView.getByLabel('TLP', { exact: true }).selectOption('AMBER');
    await page.getByRole('checkbox', { name: 'ティアラインを付ける' }).check();
    const tearLine = page.locator('fieldset', { hasText: 'ティアライン（開示可能部分）' });
    await tearLine.getByLabel('取扱区分').selectOption('IESI');
    await page.getByText('ティアラインの区分を全文より高くすることはできません。').waitFor();
    await tearLine.getByLabel('取扱区分').selectOption('UNCLASSIFIED');
    await tearLine.getByLabel('TLP', { exact: true }).selectOption('GREEN');
    await tearLine.getByLabel('ティアラインのタイトル').fill('Phishing against banks');
    await tearLine.getByLabel('ティアラインの概要').fill('Warn customers about fake login pages.');
    await page.getByRole('checkbox', { name: '第一類構成員' }).check();
    await page.getByRole('checkbox', { name: '金融' }).first().check();
    await page.getByLabel('都道府県', { exact: true }).selectOption('13');
    await page.getByLabel('市区町村', { exact: true }).selectOption('13101');
    await page.getByRole('button', { name: '追加', exact: true }).click();
    await page.getByText('作成ルールをすべて満たしています。').waitFor();
    await screenshot(page, '08-compose');
    await page.getByRole('button', { name: '審査に提出' }).click();
    await page.getByRole('heading', { name: '自組織の投稿と審査結果' }).waitFor();
    await page.getByText('事務局が審査中です。').waitFor();
    const { advisories } = await api.gqlOk(
      `{ advisories(filter: { status: [PENDING_REVIEW] }) { edges { node { id title audience { regions tiers sectors } } } } }`,
      {},
      council.author.token,
    );
    const mine = advisories.edges.find((e: { node: { title: string } }) => e.node.title === 'Phishing wave against regional banks');
    expect(mine.node.audience).toEqual({ regions: ['13101'], tiers: ['CLASS_1'], sectors: ['FINANCE'] });
    await context.close();
  });

  it('lets the secretariat moderate beside the access report: send back with feedback, then approve the resubmission', async () => {
    const secretariat = await newSession(browser, { token: council.secretariat.token });
    const page = secretariat.page;
    await page.goto(`${base}/moderation`);
    await page.getByRole('link', { name: /Phishing wave against regional banks/ }).click();
    await page.getByRole('heading', { name: '閲覧できる人と、その理由' }).waitFor();
    // The access report lists the reader of the Osaka organisation and says why they would not see it.
    const readerRow = page.locator('tr', { hasText: 'Osaka Reader' });
    await readerRow.waitFor();
    expect(await readerRow.textContent()).toMatch(/not in region|tier/i);
    await screenshot(page, '09-moderation');
    await page.getByLabel('理由・フィードバック（差し戻し・却下時は必須）').fill('Remove the customer names from the summary.');
    await page.getByRole('button', { name: '修正依頼で差し戻す' }).click();
    await page.getByText('修正依頼として差し戻しました。').waitFor();

    const author = await newSession(browser, { token: council.author.token });
    await author.page.goto(`${base}/submissions`);
    await author.page.getByText('Remove the customer names from the summary.').waitFor();
    await screenshot(author.page, '10-submissions-feedback');
    // The author revises the full view as asked (the form starts from what was submitted) and submits again.
    await author.page.getByRole('link', { name: '内容を修正する' }).click();
    await author.page.getByRole('heading', { name: 'アドバイザリーの修正' }).waitFor();
    const fullView = author.page.locator('fieldset', { hasText: '全文（本来の取扱区分）' });
    expect(await fullView.getByLabel('タイトル', { exact: true }).inputValue()).toBe('Phishing wave against regional banks');
    expect(await author.page.getByRole('checkbox', { name: '第一類構成員' }).isChecked()).toBe(true);
    await fullView.getByLabel('概要', { exact: true }).fill('Credential phishing pages imitate internet banking logins (sanitised).');
    await author.page.getByRole('button', { name: '審査に提出' }).click();
    await author.page.getByText('事務局が審査中です。').waitFor();

    await page.goto(`${base}/moderation`);
    await page.getByRole('link', { name: /Phishing wave against regional banks/ }).click();
    await page.getByRole('button', { name: '承認して公開' }).click();
    await page.getByText('承認し、公開しました。').waitFor();
    const { advisories } = await api.gqlOk(
      `{ advisories(filter: { status: [PUBLISHED], text: "Phishing wave" }) { edges { node { id status summary audience { regions } } } } }`,
      {},
      council.secretariat.token,
    );
    expect(advisories.edges).toEqual([
      {
        node: {
          id: expect.any(String),
          status: 'PUBLISHED',
          summary: 'Credential phishing pages imitate internet banking logins (sanitised).',
          audience: { regions: ['13101'] },
        },
      },
    ]);

    // Withdrawing from the advisory page.
    const publishedId = advisories.edges[0].node.id as string;
    await page.goto(`${base}/advisories/${publishedId}`);
    await page.getByText('このアドバイザリーを撤回する').first().click();
    await page.getByLabel('撤回の理由（閲覧者に表示されます）').fill('Superseded by the bank association notice.');
    await page.getByRole('button', { name: 'このアドバイザリーを撤回する' }).click();
    await page.getByText('撤回済み:').waitFor();
    const { advisory } = await api.gqlOk(
      `query($id: ID!) { advisory(id: $id) { status withdrawalReason } }`,
      { id: publishedId },
      council.secretariat.token,
    );
    expect(advisory).toEqual({ status: 'WITHDRAWN', withdrawalReason: 'Superseded by the bank association notice.' });
    await secretariat.context.close();
    await author.context.close();
  });

  it('lets the secretariat invite a person who accepts, signs the pledge, and is granted a clearance by two secretariat people', async () => {
    const secretariat = await newSession(browser, { token: council.secretariat.token });
    const page = secretariat.page;
    await page.goto(`${base}/membership`);
    await page.getByRole('button', { name: 'Osaka Bank' }).click();
    await page.getByRole('cell', { name: 'Osaka Reader', exact: true }).waitFor();
    await screenshot(page, '11-membership');
    const invite = page.locator('form', { hasText: '人を招待する' });
    await invite.getByLabel('名称・氏名').fill('New Analyst');
    await invite.getByLabel('メールアドレス').fill('new.analyst@example.test');
    await invite.getByLabel('所属組織').selectOption(council.orgBId);
    await invite.getByRole('checkbox', { name: 'アナリスト' }).check();
    await invite.getByRole('button', { name: '招待する' }).click();
    const link = (await page.locator('code.secret').textContent())!;
    expect(link).toMatch(/\/console\/invitation\?token=/);

    const invited = await newSession(browser);
    await invited.page.goto(link);
    await invited.page.getByRole('heading', { name: '招待の受諾' }).waitFor();
    await screenshot(invited.page, '12-invitation');
    await invited.page.getByLabel('新しいパスワード', { exact: true }).fill('short');
    await invited.page.getByText('12 文字以上で入力してください。').waitFor();
    await invited.page.getByLabel('新しいパスワード', { exact: true }).fill('a very long new passphrase');
    await invited.page.getByLabel('新しいパスワード（確認）').fill('a very long new passphrase');
    await invited.page.getByRole('button', { name: 'パスワードを設定して受諾' }).click();
    await invited.page.getByRole('heading', { name: '守秘義務の誓約' }).waitFor();
    // Without a pledge, every other page reminds the newcomer to sign it.
    await invited.page.getByRole('link', { name: 'アドバイザリー', exact: true }).click();
    await invited.page.getByRole('note').getByRole('link', { name: '誓約に署名する' }).click();
    await invited.page.getByRole('button', { name: '誓約に署名する' }).click();
    await invited.page.getByText('誓約は有効です。有効期限:').waitFor();
    await screenshot(invited.page, '13-profile-pledge');
    const { people } = await api.gqlOk(
      `query($o: ID) { people(organisationId: $o) { edges { node { id email pledgeExpiresAt } } } }`,
      { o: council.orgBId },
      council.secretariat.token,
    );
    const newcomer = people.edges.find((e: { node: { email: string } }) => e.node.email === 'new.analyst@example.test').node;
    expect(new Date(newcomer.pledgeExpiresAt).getTime()).toBeGreaterThan(Date.now());

    await page.reload();
    await page.getByRole('button', { name: 'Osaka Bank' }).click();
    const row = page.locator('tr', { hasText: 'new.analyst@example.test' });
    await row.getByRole('button', { name: 'IESI クリアランスを申請' }).click();
    await page.getByText('クリアランスの付与を申請しました。別の事務局員の承認を待っています。').waitFor();
    const requests = page.locator('section', { hasText: '承認待ちのクリアランス付与申請' });
    await requests.getByText(/承認できるのは、IESI クリアランスを持ち/).waitFor();
    await requests.locator('tr', { hasText: 'new.analyst@example.test' }).getByText('あなたの申請です').waitFor();
    expect(await requests.getByRole('button', { name: '承認する' }).count()).toBe(0);
    const before = await api.gqlOk(
      `query($id: ID!) { person(id: $id) { clearance { level } } }`,
      { id: newcomer.id },
      council.secretariat.token,
    );
    expect(before.person.clearance.level).toBe('NONE');

    // The second officer, who neither requested it nor invited the newcomer, approves.
    const second = await newSession(browser, { token: council.secondOfficer.token });
    await second.page.goto(`${base}/membership`);
    const pending = second.page
      .locator('section', { hasText: '承認待ちのクリアランス付与申請' })
      .locator('tr', { hasText: 'new.analyst@example.test' });
    await pending.getByRole('button', { name: '承認する' }).click();
    await second.page.getByText('承認しました。クリアランスを付与しました。').waitFor();
    const { person } = await api.gqlOk(
      `query($id: ID!) { person(id: $id) { clearance { level } } }`,
      { id: newcomer.id },
      council.secretariat.token,
    );
    expect(person.clearance.level).toBe('IESI');
    await second.context.close();

    await secretariat.context.close();
    await invited.context.close();
  });

  it('lets the secretariat propose widening an advisory and the originator organisation consent to it', async () => {
    expect(liveAdvisoryId).not.toBe('');
    const secretariat = await newSession(browser, { token: council.secretariat.token });
    await secretariat.page.goto(`${base}/widening`);
    const form = secretariat.page.locator('form', { hasText: '拡大を提案する' });
    await form.getByLabel('アドバイザリー ID').fill(liveAdvisoryId);
    await form.getByLabel('全文の新しい TLP').selectOption('GREEN');
    await form.getByLabel('提供元への説明').fill('Every member should patch this appliance.');
    await form.getByRole('button', { name: '提案する' }).click();
    await secretariat.page.getByText('提案しました。提供元組織の同意を待っています。').waitFor();
    await secretariat.page.getByText(/tlp/i).first().waitFor();
    await screenshot(secretariat.page, '15-widening');

    const admin = await newSession(browser, { token: council.orgAdmin.token });
    await admin.page.goto(`${base}/widening`);
    await admin.page.getByText('Every member should patch this appliance.').waitFor();
    await admin.page.getByRole('button', { name: '同意する' }).click();
    await admin.page.getByText('同意しました。新しい版が公開されました。').waitFor();
    const { advisory } = await api.gqlOk(
      `query($id: ID!) { advisory(id: $id) { tlp version } }`,
      { id: liveAdvisoryId },
      council.secretariat.token,
    );
    expect(advisory).toEqual({ tlp: 'GREEN', version: 2 });
    await secretariat.context.close();
    await admin.context.close();
  });

  it('lets a member send a first report and close it with a final one, while the secretariat sees its deadline and answers', async () => {
    const reporter = await newSession(browser, { token: council.author.token });
    await reporter.page.goto(`${base}/incidents`);
    const form = reporter.page.locator('form', { hasText: '第一報を送る' });
    await form.getByLabel('何が起きたか（簡潔に）').fill('Ransom note on the billing servers');
    await form.getByLabel('影響を受けたサービス').fill('Billing');
    await form.getByLabel('連絡先（電話・メール）').fill('soc@tokyo-power.example');
    await form.getByLabel('種類').selectOption('RANSOMWARE');
    await form.getByRole('button', { name: '第一報を送る' }).click();
    await reporter.page.getByText('報告を送りました。').waitFor();
    const report = reporter.page.getByRole('listitem', { name: 'Billing' });
    await report.getByText('続報の期限').waitFor();

    const secretariat = await newSession(browser, { token: council.secretariat.token });
    await secretariat.page.goto(`${base}/incidents`);
    const seen = secretariat.page.getByRole('listitem', { name: 'Billing' });
    await seen.getByText('Ransom note on the billing servers').waitFor();
    await seen.getByText('続報の期限').waitFor();
    await seen.getByLabel('事務局とのやり取り').fill('Please send the ransom note hash.');
    await seen.getByRole('button', { name: '送信' }).click();
    await secretariat.page.getByText('メッセージを送りました。').waitFor();
    await screenshot(secretariat.page, '16-incidents');

    await reporter.page.reload();
    await report.getByText('Please send the ransom note hash.').waitFor();
    await report.getByLabel('報告の段階').selectOption('FINAL');
    await report.getByLabel('続報の内容').fill('Restored from backups; no data left the network.');
    await report.getByRole('button', { name: '続報を送る' }).click();
    await reporter.page.getByText('報告を送りました。').waitFor();
    await reporter.page.getByRole('listitem', { name: 'Billing' }).getByText('完了').waitFor();
    const { incidentReports } = await api.gqlOk(
      `{ incidentReports(filter: { latestOnly: true }) { edges { node { stage incident { status } } } } }`,
      {},
      council.secretariat.token,
    );
    expect(incidentReports.edges).toEqual([{ node: { stage: 'FINAL', incident: { status: 'CLOSED' } } }]);
    await reporter.context.close();
    await secretariat.context.close();
  });

  it('gives the auditor the audit and access logs with filters and export, and no advisory', async () => {
    const { context, page } = await newSession(browser, { token: council.auditor.token });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: '監査ログ（判断記録）' }).waitFor();
    expect(await page.getByRole('link', { name: 'アドバイザリー' }).count()).toBe(0);
    await page.getByText(/ハッシュチェーンは正常です/).waitFor();
    await page.getByLabel('操作', { exact: true }).fill('clearance.granted');
    await page.getByRole('button', { name: '絞り込む' }).click();
    // Only that action is left (the unfiltered page is replaced once the filtered one arrives).
    await page.waitForFunction(() => {
      const rows = [...document.querySelectorAll('tbody tr')];
      return rows.length > 0 && rows.every((row) => row.children[1]?.textContent === 'clearance.granted');
    });
    await screenshot(page, '17-audit-log');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'CSV で書き出す' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toContain('action');
    expect(csv).toContain('clearance.granted');

    await page.getByRole('link', { name: 'アクセスログ' }).click();
    await page.getByRole('heading', { name: 'アクセスログ' }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await screenshot(page, '18-access-log');
    await context.close();
  });

  it('is usable on a tablet: the menu moves to the top and every control stays reachable by keyboard', async () => {
    const { context, page } = await newSession(browser, { token: council.reader.token, viewport: { width: 820, height: 1180 } });
    await page.goto(`${base}/`);
    await page.getByRole('heading', { name: 'アドバイザリー一覧' }).waitFor();
    const nav = await page.getByRole('navigation', { name: 'メインメニュー' }).boundingBox();
    const main = await page.locator('main').boundingBox();
    expect(nav!.y).toBeLessThan(main!.y);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('本文へ移動');
    // Every input of every page the reader uses has a label.
    for (const path of ['/alerts', '/channels', '/feed-tokens', '/compose', '/submissions', '/incidents', '/profile', '/']) {
      await page.goto(`${base}${path}`);
      await page.locator('main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const unlabeled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea')]
          .filter((el) => !(el as HTMLInputElement).labels?.length && !el.getAttribute('aria-label'))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect({ path, unlabeled }).toEqual({ path, unlabeled: [] });
    }
    await page.getByRole('heading', { name: 'アドバイザリー一覧' }).waitFor();
    // WCAG AA: text of badges, buttons, links and labels at 4.5:1 or more against what is behind it.
    const lowContrast = await page.evaluate(() => {
      const rgb = (value: string) => (value.match(/[\d.]+/g) ?? []).map(Number);
      const luminance = ([r, g, b]: number[]) => {
        const channel = (c: number) => ((c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
        return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
      };
      const background = (el: Element | null): number[] => {
        for (; el; el = el.parentElement) {
          const [r, g, b, a = 1] = rgb(getComputedStyle(el).backgroundColor);
          if (a > 0) return [r, g, b];
        }
        return [255, 255, 255];
      };
      return [...document.querySelectorAll('.badge, button, a, label, h1, h2, p')]
        .filter((el) => (el as HTMLElement).innerText?.trim())
        .map((el) => {
          const [l1, l2] = [luminance(rgb(getComputedStyle(el).color)), luminance(background(el))].sort((x, y) => y - x);
          return { text: (el as HTMLElement).innerText.trim().slice(0, 30), ratio: (l1 + 0.05) / (l2 + 0.05) };
        })
        .filter((x) => x.ratio < 4.5);
    });
    expect(lowContrast).toEqual([]);
    await screenshot(page, '19-feed-tablet');
    await context.close();
  });

  /** An advisory for every member, written by the author and published by the secretariat through the API. */
  async function publish(app: TestApp, people: Council, fields: { title: string; severity: string }): Promise<string> {
    const input = {
      severity: fields.severity,
      attributed: true,
      full: {
        classification: 'COUNCIL_CONFIDENTIAL',
        tlp: 'AMBER',
        title: fields.title,
        summary: 'Patch the appliance now.',
        recommendedActions: ['Apply the vendor fix'],
      },
      audience: {},
    };
    const { createAdvisory } = await app.gqlOk(
      `mutation($input: CreateAdvisoryInput!) { createAdvisory(input: $input) { id } }`,
      { input },
      people.author.token,
    );
    await app.gqlOk(`mutation($id: ID!) { submitAdvisory(id: $id) { id } }`, { id: createAdvisory.id }, people.author.token);
    await app.gqlOk(`mutation($id: ID!) { approveAdvisory(id: $id) { id } }`, { id: createAdvisory.id }, people.secretariat.token);
    return createAdvisory.id as string;
  }

  async function seedCouncil(app: TestApp): Promise<Council> {
    const ds = app.dataSource;
    const passwordHash = await hash(PASSWORD, { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    const orgA = await insertOrganisation(ds, {
      name: 'Tokyo Power',
      tier: MembershipTier.CLASS_1,
      sectors: [Sector.ELECTRICITY, Sector.FINANCE],
      prefecture: '13',
      facilityClearanceExpiresAt: inDays(300),
    });
    const orgB = await insertOrganisation(ds, {
      name: 'Osaka Bank',
      tier: MembershipTier.CLASS_2,
      sectors: [Sector.FINANCE, Sector.ELECTRICITY],
      prefecture: '27',
    });
    const person = async (fields: Parameters<typeof insertPerson>[1]) => {
      const p = await insertPerson(ds, { passwordHash, ...fields });
      return { id: p.id, email: p.email, token: app.tokenFor(p.id, { expiresIn: 3600 }) };
    };
    const iesi = { clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: inDays(200) };
    const reader = await person({ organisationId: orgB.id, displayName: 'Osaka Reader', roles: [Role.CISO] });
    const author = await person({ organisationId: orgA.id, displayName: 'Tokyo Author', roles: [Role.ANALYST] });
    const clearedAuthor = await person({ organisationId: orgA.id, displayName: 'Cleared Author', roles: [Role.ANALYST], ...iesi });
    const orgAdmin = await person({ organisationId: orgA.id, displayName: 'Tokyo Admin', roles: [Role.ORG_ADMIN] });
    const secretariat = await person({ displayName: 'Secretariat Officer', roles: [Role.SECRETARIAT], ...iesi });
    const secondOfficer = await person({ displayName: 'Second Officer', roles: [Role.SECRETARIAT], ...iesi });
    const auditor = await person({ displayName: 'Auditor', roles: [Role.AUDITOR] });

    // An IESI advisory with an unclassified tear line, through the real lifecycle so that alerts fan out.
    const created = await app.gqlOk(
      `mutation($input: CreateAdvisoryInput!) { createAdvisory(input: $input) { id } }`,
      {
        input: {
          severity: 'HIGH',
          attributed: false,
          full: {
            classification: 'IESI',
            tlp: 'AMBER',
            title: IESI_TEXT.title,
            summary: IESI_TEXT.summary,
            body: IESI_TEXT.body,
            recommendedActions: [IESI_TEXT.action],
            indicators: [IESI_TEXT.indicator],
          },
          tearLine: {
            classification: 'UNCLASSIFIED',
            tlp: 'GREEN',
            title: TEAR_LINE.title,
            summary: TEAR_LINE.summary,
            recommendedActions: ['Review VPN logs'],
            releaseToNonMemberLocalGovernments: false,
          },
          audience: {},
        },
      },
      clearedAuthor.token,
    );
    const iesiAdvisoryId = created.createAdvisory.id as string;
    await app.gqlOk(`mutation($id: ID!) { submitAdvisory(id: $id) { id } }`, { id: iesiAdvisoryId }, clearedAuthor.token);
    await app.gqlOk(`mutation($id: ID!) { approveAdvisory(id: $id) { id } }`, { id: iesiAdvisoryId }, secretariat.token);
    await waitFor('the reader’s alert', async () => {
      const { myAlerts } = await app.gqlOk(`{ myAlerts { id } }`, {}, reader.token);
      return myAlerts.length > 0;
    });

    const iesiOnly = await insertAdvisory(ds, {
      authorId: clearedAuthor.id,
      originatorOrgId: orgA.id,
      fullClassification: Classification.IESI,
      fullTlp: Tlp.AMBER,
      fullTitle: IESI_TEXT.onlyTitle,
      fullSummary: IESI_TEXT.onlySummary,
      severity: Severity.CRITICAL,
    });
    const confidential = await insertAdvisory(ds, {
      authorId: author.id,
      originatorOrgId: orgA.id,
      attributed: true,
      fullClassification: Classification.COUNCIL_CONFIDENTIAL,
      fullTlp: Tlp.AMBER,
      fullTitle: 'Ransomware targeting hospital billing systems',
      fullSummary: 'A ransomware group exploits an unpatched VPN appliance.',
      fullBody: 'Details for members.',
      severity: Severity.MEDIUM,
      status: AdvisoryStatus.PUBLISHED,
    });
    // A clear advisory and a CC one someone reads at FULL, so the access log has entries.
    await app.gqlOk(`query($id: ID!) { advisory(id: $id) { id } }`, { id: confidential.id }, reader.token);
    await grantClearanceThroughApi(app, {
      personId: author.id,
      expiresAt: inDays(30).toISOString(),
      requesterToken: secretariat.token,
      approverToken: secondOfficer.token,
    });
    await app.gqlOk(`mutation($id: ID!) { suspendClearance(personId: $id) { id } }`, { id: author.id }, secretariat.token);

    return {
      reader,
      author,
      clearedAuthor,
      orgAdmin,
      secretariat,
      secondOfficer,
      auditor,
      orgAId: orgA.id,
      orgBId: orgB.id,
      iesiAdvisoryId,
      iesiOnlyId: iesiOnly.id,
      confidentialId: confidential.id,
    };
  }
});

export type { Page };
