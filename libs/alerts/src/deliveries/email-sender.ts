import nodemailer, { type Transporter } from 'nodemailer';
import MimeNode from 'nodemailer/lib/mime-node';
import type { DigestPayload } from '../digest/alert-digest.service';
import { encryptTo } from '../email-security/openpgp-key';
import type { AlertPayload } from '../payload/alert-payload';

const EVENT_WORDS: Record<AlertPayload['event'], string> = {
  'advisory.published': 'A new advisory was published',
  'advisory.updated': 'An advisory was raised in severity',
  'advisory.withdrawn': 'An advisory was withdrawn',
};

/** A message as sent: alerts and digests build theirs here, incident deliveries and reminders in libs/incidents. */
export interface Mail {
  subject: string;
  /** The subject of an encrypted message: the cleartext headers say no more than this. */
  encryptedSubject: string;
  text: string;
  headers: Record<string, string>;
}

export interface EmailOptions {
  /** The recipient's armored OpenPGP public key: the message is sent encrypted to it (PGP/MIME). */
  encryptTo?: string | null;
}

/**
 * E-mail alerts over SMTP (nodemailer). The message is built from the alert payload only, so it
 * carries exactly what a webhook may carry (ALERTS.md "What an alert carries"), never more.
 *
 * With `encryptTo` the message is PGP/MIME (RFC 3156): multipart/encrypted whose second part is
 * the armored OpenPGP message of a text/plain MIME entity (with the full subject as a protected
 * header); the cleartext Subject then carries only the severity (and [ESCALATED] / [DIGEST]).
 */
export class EmailSender {
  private readonly transport: Transporter | null;

  /** `timeouts`: for a sender that someone waits on (nodemailer's defaults allow minutes). */
  constructor(
    smtpUrl: string | null,
    private readonly from: string,
    timeouts: { connectionTimeout?: number; greetingTimeout?: number; socketTimeout?: number } = {},
  ) {
    this.transport = smtpUrl ? nodemailer.createTransport(withTransportOptions(smtpUrl, timeouts)) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** `escalation`: a colleague left this CRITICAL alert unacknowledged past the organisation's delay. */
  async send(to: string, payload: AlertPayload, options: { escalation?: boolean } & EmailOptions = {}): Promise<void> {
    const lines = [
      ...(options.escalation ? ['Escalated to you: a colleague in your organisation has not acknowledged this critical alert.', ''] : []),
      `${EVENT_WORDS[payload.event]} (${payload.severity}).`,
      '',
      payload.title,
      '',
      ...(payload.recommendedActions?.length
        ? ['Recommended actions:', ...payload.recommendedActions.map((action) => `- ${action}`), '']
        : []),
      `Read it in the platform: ${payload.url}`,
      '',
      `Delivery ${payload.deliveryId}`,
    ];
    const tags = `[${payload.severity}]${options.escalation ? ' [ESCALATED]' : ''}`;
    await this.deliver(
      to,
      {
        subject: `${tags} ${payload.title}`,
        encryptedSubject: `${tags} Council alert (encrypted)`,
        text: lines.join('\n'),
        headers: { 'X-Council-Delivery': payload.deliveryId, 'X-Council-Alert': payload.alertId },
      },
      options.encryptTo ?? null,
    );
  }

  /** The daily digest of one channel: each item says what its alert e-mail would have said, nothing more. */
  async sendDigest(to: string, digest: DigestPayload, options: EmailOptions = {}): Promise<void> {
    const lines = [
      `Your daily digest: ${digest.items.length} alert${digest.items.length === 1 ? '' : 's'} of low or informational severity.`,
      '',
    ];
    for (const item of digest.items) {
      lines.push(`[${item.severity}] ${item.title}`, `${EVENT_WORDS[item.event]} at ${item.occurredAt}.`);
      if (item.recommendedActions?.length) lines.push('Recommended actions:', ...item.recommendedActions.map((action) => `- ${action}`));
      lines.push(`Read it in the platform: ${item.url}`, `Delivery ${item.deliveryId}`, '');
    }
    lines.push(`Digest ${digest.deliveryId}`);
    await this.deliver(
      to,
      {
        subject: `[DIGEST] ${digest.items.length} alert${digest.items.length === 1 ? '' : 's'}`,
        encryptedSubject: '[DIGEST] Council alerts (encrypted)',
        text: lines.join('\n'),
        headers: { 'X-Council-Delivery': digest.deliveryId },
      },
      options.encryptTo ?? null,
    );
  }

  /** A message composed elsewhere (incident reports to authorities, deadline reminders), sent like an alert. */
  async sendMessage(to: string, mail: Mail, options: EmailOptions = {}): Promise<void> {
    await this.deliver(to, mail, options.encryptTo ?? null);
  }

  private async deliver(to: string, mail: Mail, publicKey: string | null): Promise<void> {
    if (!this.transport) throw new Error('e-mail alerts are disabled (SMTP_URL is not set)');
    if (!publicKey) {
      await this.transport.sendMail({ from: this.from, to, subject: mail.subject, text: mail.text, headers: mail.headers });
      return;
    }
    const encrypted = await encryptTo(publicKey, innerEntity(mail));
    const root = new MimeNode('multipart/encrypted; protocol="application/pgp-encrypted"');
    root.setHeader({ From: this.from, To: to, Subject: mail.encryptedSubject, ...mail.headers });
    root
      .createChild('application/pgp-encrypted')
      .setHeader({ 'Content-Description': 'PGP/MIME version identification', 'Content-Transfer-Encoding': '7bit' })
      .setContent('Version: 1\r\n');
    root
      .createChild('application/octet-stream; name="encrypted.asc"')
      .setHeader({
        'Content-Description': 'OpenPGP encrypted message',
        'Content-Disposition': 'inline; filename="encrypted.asc"',
        'Content-Transfer-Encoding': '7bit',
      })
      .setContent(encrypted.replace(/\r?\n/g, '\r\n'));
    const raw = await new Promise<Buffer>((resolve, reject) => root.build((error, message) => (error ? reject(error) : resolve(message))));
    // from/to give the SMTP envelope; the message itself is `raw`, exactly as built here.
    await this.transport.sendMail({ from: this.from, to, raw });
  }

  close(): void {
    this.transport?.close();
  }
}

/**
 * nodemailer takes transport options from the connection URL's query string (documented); options
 * already in SMTP_URL win.
 */
function withTransportOptions(smtpUrl: string, options: Record<string, number | undefined>): string {
  const entries = Object.entries(options).filter((entry): entry is [string, number] => entry[1] !== undefined);
  if (entries.length === 0) return smtpUrl;
  const url = new URL(smtpUrl);
  for (const [name, value] of entries) if (!url.searchParams.has(name)) url.searchParams.set(name, String(value));
  return url.toString();
}

/** The MIME entity that is encrypted: text/plain with the real subject as a protected header. */
function innerEntity(mail: Mail): string {
  const body = Buffer.from(mail.text, 'utf8')
    .toString('base64')
    .replace(/.{1,76}/g, '$&\r\n');
  const subject = `=?UTF-8?B?${Buffer.from(mail.subject, 'utf8').toString('base64')}?=`;
  return [
    'Content-Type: text/plain; charset=utf-8; protected-headers="v1"',
    'Content-Transfer-Encoding: base64',
    `Subject: ${subject}`,
    '',
    body,
  ].join('\r\n');
}
