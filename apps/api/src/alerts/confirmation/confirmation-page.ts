/**
 * The small pages behind a confirmation e-mail's link, in Japanese and English. Opening the link
 * only shows a button: mail scanners and link previews fetch links without anyone clicking, so
 * only the POST of that button confirms. No script, no inline style (the API's CSP), no external
 * resource (the token in the address must not leak through a Referer).
 */

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

/** The link is valid: what confirming means, and the button that does it. */
export function confirmPage(token: string, address: string, expiresAt: Date): string {
  const to = escapeHtml(address);
  return page(
    'アラート送信先の確認 / Confirm your alert e-mail address',
    `<h1>アラート送信先の確認</h1>
<p>協議会情報共有プラットフォームのアラートを <strong>${to}</strong> に送ることを確認します。</p>
<h1 lang="en">Confirm your alert e-mail address</h1>
<p lang="en">Confirm that alerts of the council information-sharing platform may be sent to <strong>${to}</strong>.</p>
<form method="post" action="confirm">
<input type="hidden" name="token" value="${escapeHtml(token)}">
<button type="submit">確認する / Confirm</button>
</form>
<p><small>このリンクの有効期限 / This link expires: ${escapeHtml(expiresAt.toISOString())}</small></p>`,
  );
}

export function confirmedPage(address: string): string {
  const to = escapeHtml(address);
  return page(
    '確認しました / Confirmed',
    `<h1>確認しました</h1>
<p><strong>${to}</strong> にアラートが送信されるようになりました。この画面は閉じてかまいません。</p>
<h1 lang="en">Confirmed</h1>
<p lang="en">Alerts will now be sent to <strong>${to}</strong>. You may close this page.</p>`,
  );
}

export function invalidLinkPage(): string {
  return page(
    'リンクが無効です / This link is not valid',
    `<h1>リンクが無効です</h1>
<p>このリンクは使用済みか、期限切れ（24 時間）か、送信先が削除されています。送信先がまだ確認されていない場合は、コンソールのアラート送信先の画面から確認メールを再送してください。</p>
<h1 lang="en">This link is not valid</h1>
<p lang="en">It was already used, has expired (links last 24 hours) or its channel was removed. If the channel is still unconfirmed, send the confirmation again from the alert channels page of the console.</p>`,
  );
}
