/// <reference lib="dom" />
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { Browser } from 'playwright-core';
import { startWebhookReceiver } from '../alerts/alert-receivers';
import { startWorker, waitFor } from '../alerts/alert-test-kit';
import { incidentCouncil, submitFirst, type IncidentCouncil } from '../incidents/incident-council';
import { startTestApp, type TestApp } from '../support/test-app';
import { buildConsole, launchChromium, newSession, screenshot } from './console-browser';

const CREATE_AUTHORITY = `mutation($input: CreateReportingAuthorityInput!) { createReportingAuthority(input: $input) { authority { id } } }`;
const DELIVERIES = `query($id: ID!) { incidentReport(id: $id) { deliveries { id authorityNameEn status attempts } } }`;
const AUTHORITIES = `{ reportingAuthorities(includeInactive: true) { id nameJa nameEn kind active requiresReporterConsent channelKind target routingRules { sectors incidentTypes personalData } } }`;

interface Delivery {
  id: string;
  authorityNameEn: string;
  status: string;
  attempts: number;
}

/**
 * Issue 8, the secretariat's side of incidents (issue 6) in the browser: the incident desk
 * (overdue reports, deadlines, deliveries and their retry), the reporting authorities, triage
 * (campaigns, an advisory derived from reports), and the reporter's view of one report.
 */
describe('web console: incident desk, reporting authorities, triage (Chromium)', () => {
  let api: TestApp;
  let worker: INestApplication;
  let hooks: Awaited<ReturnType<typeof startWebhookReceiver>>;
  let browser: Browser;
  let base: string;
  let c: IncidentCouncil;
  let bankReportId: string;
  let railReportId: string;
  let derivedTitle = '';

  const deliveriesOf = async (reportId: string): Promise<Delivery[]> =>
    (await api.gqlOk(DELIVERIES, { id: reportId }, c.token(c.secretariat))).incidentReport.deliveries;

  beforeAll(async () => {
    const [consoleDir, receiver] = await Promise.all([buildConsole(), startWebhookReceiver()]);
    hooks = receiver;
    // One attempt: the authority behind a closed port fails for good at once.
    api = await startTestApp({
      COUNCIL_CONSOLE_DIR: consoleDir,
      COUNCIL_ALERT_DELIVERY_ATTEMPTS: '1',
      COUNCIL_ALERT_BACKOFF_MS: '10',
      COUNCIL_OUTBOX_RELAY_INTERVAL_MS: '50',
    });
    worker = await startWorker();
    browser = await launchChromium();
    base = `${api.url}/console`;
    c = await incidentCouncil(api);
    const secretariat = c.token(c.secretariat);
    await api.gqlOk(
      CREATE_AUTHORITY,
      {
        input: {
          nameJa: '金融庁',
          nameEn: 'Financial Services Agency',
          kind: 'SECTOR_MINISTRY',
          channelKind: 'WEBHOOK',
          target: `${hooks.url}/ok/fsa`,
          routingRules: [{ sectors: ['FINANCE'] }],
        },
      },
      secretariat,
    );
    await api.gqlOk(
      CREATE_AUTHORITY,
      {
        input: {
          nameJa: '障害中の機関',
          nameEn: 'Unreachable Authority',
          kind: 'OTHER',
          channelKind: 'WEBHOOK',
          target: 'http://127.0.0.1:1/hook',
          routingRules: [{ sectors: ['FINANCE'] }],
        },
      },
      secretariat,
    );

    bankReportId = (
      await submitFirst(api, c.token(c.reporter), {
        affectedService: 'Internet banking',
        incidentType: 'RANSOMWARE',
        permittedPurposes: ['SHARING_AFTER_SANITISING', 'STATISTICS'],
      })
    ).id;
    railReportId = (
      await submitFirst(api, c.token(c.railCiso), {
        affectedService: 'Ticket gates',
        incidentType: 'RANSOMWARE',
        permittedPurposes: ['SHARING_AFTER_SANITISING'],
      })
    ).id;
    // The bank's first report was sent four days ago: with the built-in 72 hours, a day overdue.
    await api.dataSource.query(`UPDATE incident_reports SET submitted_at = now() - interval '4 days' WHERE id = $1`, [bankReportId]);
    await waitFor('the bank report’s deliveries settle', async () => {
      const list = await deliveriesOf(bankReportId);
      return list.length === 2 && list.every((d) => d.status !== 'PENDING');
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await worker?.close();
    await api?.close();
    await hooks?.close();
  });

  it('refuses the desk to a member: the page says so and the API refuses', async () => {
    const { context, page } = await newSession(browser, { token: c.token(c.reporter) });
    await page.goto(`${base}/incident-desk`);
    await page.getByText('このページは事務局専用です。').waitFor();
    await page.getByRole('alert').getByText('この操作の権限がありません。').waitFor();
    expect(await page.getByRole('navigation').getByRole('link', { name: 'インシデント窓口（事務局）' }).count()).toBe(0);
    expect(await page.getByText('Unreachable Authority').count()).toBe(0);
    for (const query of [
      '{ overdueIncidentReports { reportId } }',
      '{ incidentFollowUpDeadlines { followUpSeconds } }',
      '{ incidentCampaigns { id } }',
    ]) {
      const answer = await api.gql(query, {}, c.token(c.reporter));
      expect({ query, code: answer.errors?.[0]?.extensions?.code }).toEqual({ query, code: 'FORBIDDEN' });
    }
    // A member may list the authorities to choose from, never their channels.
    const { reportingAuthorities } = await api.gqlOk(`{ reportingAuthorities { nameEn target channelKind } }`, {}, c.token(c.reporter));
    expect(reportingAuthorities.length).toBeGreaterThan(0);
    expect(
      reportingAuthorities.every((a: { target: string | null; channelKind: string | null }) => a.target === null && a.channelKind === null),
    ).toBe(true);
    await context.close();
  });

  it('shows the secretariat the overdue report and how late it is, sets a deadline, and retries a failed delivery', async () => {
    const { context, page } = await newSession(browser, { token: c.token(c.secretariat) });
    await page.goto(`${base}/incident-desk`);
    await page.getByRole('heading', { name: 'インシデント窓口（事務局）' }).waitFor();
    const overdueRow = page.locator('table.overdue-table tbody tr');
    expect(await overdueRow.count()).toBe(1);
    expect(await overdueRow.getByRole('rowheader').textContent()).toBe('Sakura Trust Bank');
    expect(await overdueRow.getByTestId('late-by').textContent()).toMatch(/^1日0時間\d+分 超過$/);
    const bank = page.getByRole('listitem', { name: 'Internet banking (第一報)' });
    expect(await bank.evaluate((el) => el.classList.contains('is-overdue'))).toBe(true);
    expect(await page.getByRole('listitem', { name: 'Ticket gates (第一報)' }).evaluate((el) => el.classList.contains('is-overdue'))).toBe(
      false,
    );
    await screenshot(page, '20-incident-desk');

    // Deadlines: the API's own message beside the field, then a per-type setting.
    expect(await page.getByTestId('default-deadline').textContent()).toBe('72 時間');
    await page.getByLabel('対象').selectOption('RANSOMWARE');
    await page.getByLabel('第一報から続報までの時間（時間）').fill('0.001');
    await page.getByRole('button', { name: '期限を保存' }).click();
    const hours = page.getByLabel('第一報から続報までの時間（時間）');
    await page.locator('.field-error', { hasText: 'followUpSeconds' }).waitFor();
    expect(await hours.getAttribute('aria-invalid')).toBe('true');
    await hours.fill('120');
    await page.getByRole('button', { name: '期限を保存' }).click();
    await page.getByText('期限を保存しました。').waitFor();
    await page.getByRole('button', { name: 'ランサムウェア の期限を既定に戻す' }).waitFor();
    const { incidentFollowUpDeadlines } = await api.gqlOk(
      `{ incidentFollowUpDeadlines { incidentType followUpSeconds } }`,
      {},
      c.token(c.secretariat),
    );
    expect(incidentFollowUpDeadlines).toEqual([
      { incidentType: null, followUpSeconds: 72 * 3600 },
      { incidentType: 'RANSOMWARE', followUpSeconds: 120 * 3600 },
    ]);
    // Now due after 120 hours, the bank's report is no longer overdue.
    await page.getByText('期限を過ぎた報告はありません。').waitFor();

    // Deliveries per authority; the failed one goes again with the same id.
    const deliveries = bank.getByRole('table');
    expect(await deliveries.getByRole('row', { name: /金融庁/ }).getAttribute('data-delivery-status')).toBe('DELIVERED');
    expect(await deliveries.getByRole('row', { name: /障害中の機関/ }).getAttribute('data-delivery-status')).toBe('FAILED');
    expect(await deliveries.getByRole('button').count()).toBe(1);
    const failed = (await deliveriesOf(bankReportId)).find((d) => d.authorityNameEn === 'Unreachable Authority')!;
    await deliveries.getByRole('button', { name: '障害中の機関 へ再送する' }).click();
    await page.getByText('再送しました。').waitFor();
    await waitFor('the retried delivery’s second attempt', async () => {
      const again = (await deliveriesOf(bankReportId)).find((d) => d.id === failed.id)!;
      return again.attempts > failed.attempts && again.status === 'FAILED';
    });

    // The page shows the state as of its last load: after a reload the delivery has failed again, so it can be retried again.
    await page.reload();
    await bank.getByRole('button', { name: '障害中の機関 へ再送する' }).waitFor();

    // Statistics: only the bank allowed STATISTICS; the rail report is counted as withheld.
    await page.getByText('1 件を集計（統計利用の許可がない 1 件は除外）').waitFor();
    expect(await page.getByRole('table', { name: '種類別' }).getByRole('row').allTextContents()).toEqual(['ランサムウェア1']);
    // The same desk in English.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { name: 'Incident desk (secretariat)' }).waitFor();
    await page.getByRole('button', { name: 'Send again to Unreachable Authority' }).waitFor();
    await page.getByText('Incidents counted: 1 (1 left out: their reporters did not allow statistics)').waitFor();
    await context.close();
  });

  it('lets the secretariat register, correct, deactivate and reactivate a reporting authority, with the API’s messages beside the fields', async () => {
    const { context, page } = await newSession(browser, { token: c.token(c.secretariat) });
    await page.goto(`${base}/reporting-authorities`);
    const form = page.getByRole('form', { name: '報告先機関を登録' });
    await form.getByLabel('名称（日本語）').fill('個人情報保護委員会');
    await form.getByLabel('種別').selectOption('DATA_PROTECTION');
    await form.getByLabel('Webhook の URL（https）').fill('not a url');
    await form.getByRole('button', { name: '登録', exact: true }).click();
    // One problem at a time, each next to its field.
    const nameEn = form.getByLabel('名称（英語）');
    await form.locator('.field-error', { hasText: 'nameEn: should not be empty' }).waitFor();
    expect(await nameEn.getAttribute('aria-invalid')).toBe('true');
    expect(await nameEn.getAttribute('aria-describedby')).toBeTruthy();
    await nameEn.fill('Personal Information Protection Commission');
    await form.getByRole('button', { name: '登録', exact: true }).click();
    await form.locator('.field-error', { hasText: 'absolute URL' }).waitFor();
    expect(await form.getByLabel('Webhook の URL（https）').getAttribute('aria-invalid')).toBe('true');
    expect(await nameEn.getAttribute('aria-invalid')).toBe('false');

    await form.getByLabel('Webhook の URL（https）').fill(`${hooks.url}/ok/ppc`);
    await form.getByRole('button', { name: 'ルールを追加' }).click();
    await form.getByRole('radio', { name: '個人情報：含む' }).check();
    await form.getByLabel('報告者の同意がある場合だけ届ける').check();
    await form.getByRole('button', { name: '登録', exact: true }).click();
    await page.getByText('報告先機関を登録しました。').waitFor();
    expect(await page.getByTestId('signing-secret').textContent()).toMatch(/^whsec_/);
    const row = page.getByRole('row', { name: /個人情報保護委員会/ });
    await row.getByText('個人情報：含む').waitFor();
    const created = (await api.gqlOk(AUTHORITIES, {}, c.token(c.secretariat))).reportingAuthorities.find(
      (a: { nameEn: string }) => a.nameEn === 'Personal Information Protection Commission',
    );
    expect(created).toMatchObject({
      kind: 'DATA_PROTECTION',
      active: true,
      requiresReporterConsent: true,
      channelKind: 'WEBHOOK',
      routingRules: [{ sectors: [], incidentTypes: [], personalData: 'INVOLVED' }],
    });

    await row.getByRole('button', { name: '個人情報保護委員会 を編集' }).click();
    const edit = page.getByRole('form', { name: '個人情報保護委員会 を編集' });
    await edit.getByLabel('名称（英語）').fill('PPC');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByText('報告先機関を更新しました。').waitFor();
    await row.getByRole('button', { name: '個人情報保護委員会 を無効にする' }).click();
    await page.getByText('無効にしました。').waitFor();
    expect(await row.getAttribute('data-active')).toBe('false');
    const after = async () =>
      (await api.gqlOk(AUTHORITIES, {}, c.token(c.secretariat))).reportingAuthorities.find((a: { id: string }) => a.id === created.id);
    expect(await after()).toMatchObject({ nameEn: 'PPC', active: false, routingRules: [{ personalData: 'INVOLVED' }] });
    await screenshot(page, '22-reporting-authorities');
    await row.getByRole('button', { name: '個人情報保護委員会 を有効に戻す' }).click();
    await page.getByText('有効に戻しました。').waitFor();
    expect((await after()).active).toBe(true);
    await context.close();
  });

  it('lets the secretariat link reports into a campaign and derive an advisory draft from them, which goes to moderation', async () => {
    const { context, page } = await newSession(browser, { token: c.token(c.secretariat) });
    await page.goto(`${base}/incident-triage`);
    await page.getByRole('checkbox', { name: /Internet banking/ }).check();
    await page.getByRole('checkbox', { name: /Ticket gates/ }).check();
    await page.getByLabel('キャンペーン名').fill('VPN ransomware wave');
    await page.getByRole('button', { name: '作成', exact: true }).click();
    await page.getByText('キャンペーンを作成しました。').waitFor();
    const campaign = page.getByRole('listitem', { name: 'VPN ransomware wave' });
    await campaign.getByRole('button', { name: '選んだ報告 2 件を「VPN ransomware wave」に紐付ける' }).click();
    await campaign.getByText('紐付けた報告 2 件').waitFor();
    await campaign.getByRole('button', { name: '「Ticket gates」を「VPN ransomware wave」から外す' }).click();
    await campaign.getByText('紐付けた報告 1 件').waitFor();
    const { incidentCampaigns } = await api.gqlOk(`{ incidentCampaigns { name reports { id } } }`, {}, c.token(c.secretariat));
    expect(incidentCampaigns).toEqual([{ name: 'VPN ransomware wave', reports: [{ id: bankReportId }] }]);

    // The compose page's rules: nothing goes without a title and a summary.
    const derive = page.getByRole('form', { name: '選んだ報告からアドバイザリーの下書きを作る' });
    await derive.getByText('元にする報告（2 件）').waitFor();
    await derive.getByRole('button', { name: '下書きを作成して審査に送る' }).click();
    await derive.getByText('入力してください。').first().waitFor();
    derivedTitle = 'Ransomware entering through VPN appliances';
    await derive.getByLabel('タイトル（匿名化済み）').fill(derivedTitle);
    await derive.getByLabel('要約（匿名化済み）').fill('Several members saw ransomware enter through unpatched VPN appliances.');
    await derive.getByLabel('重大度').selectOption('HIGH');
    await derive.getByRole('checkbox', { name: '金融', exact: true }).check();
    await screenshot(page, '23-incident-triage');
    await derive.getByRole('button', { name: '下書きを作成して審査に送る' }).click();
    await page.getByText('アドバイザリーの下書きを作成し、審査キューに送りました。').waitFor();
    await page.getByRole('link', { name: '審査キューで開く' }).click();
    await page.getByText(derivedTitle).first().waitFor();
    const { advisories } = await api.gqlOk(
      `{ advisories(filter: { status: [PENDING_REVIEW] }) { edges { node { id title severity audience { sectors } } } } }`,
      {},
      c.token(c.moderator),
    );
    const derived = advisories.edges
      .map((e: { node: { id: string; title: string; severity: string; audience: { sectors: string[] } } }) => e.node)
      .find((a: { title: string }) => a.title === derivedTitle);
    expect(derived).toMatchObject({ severity: 'HIGH', audience: { sectors: ['FINANCE'] } });
    // Another secretariat person approves it (four eyes); the reporter then sees where the report led.
    await api.gqlOk(`mutation($id: ID!) { approveAdvisory(id: $id) { id } }`, { id: derived.id }, c.token(c.moderator));
    await context.close();
  });

  it('shows the reporter where their report was delivered, its follow-up state, and the advisory it led to', async () => {
    const { context, page } = await newSession(browser, { token: c.token(c.reporter) });
    await page.goto(`${base}/incidents`);
    await page.getByRole('link', { name: /Internet banking/ }).click();
    await page.getByRole('heading', { name: '報告先機関への配信状況' }).waitFor();
    const table = page.getByRole('table', { name: '報告先機関ごとの配信状況' });
    expect(await table.getByRole('row', { name: /金融庁/ }).getAttribute('data-delivery-status')).toBe('DELIVERED');
    expect(await table.getByRole('row', { name: /障害中の機関/ }).getAttribute('data-delivery-status')).toBe('FAILED');
    // No retry for the reporter, and no authority address.
    expect(await table.getByRole('button').count()).toBe(0);
    expect(await page.content()).not.toContain('127.0.0.1:1');
    await page.getByText('続報待ち').waitFor();
    await page.getByText('督促', { exact: true }).waitFor();
    const ledTo = page.getByRole('list', { name: 'この報告をもとに作成されたアドバイザリー' });
    await ledTo.getByRole('link', { name: derivedTitle }).waitFor();
    await screenshot(page, '21-incident-report');
    // The other organisation's report is not theirs to open.
    await page.goto(`${base}/incidents/${railReportId}`);
    await page.getByText('見つかりません。').waitFor();
    expect(await page.getByText('Ticket gates').count()).toBe(0);
    await context.close();
  });
});
