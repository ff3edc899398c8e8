import nodemailer, { type Transporter } from 'nodemailer';
import type { DigestPayload } from '../digest/alert-digest.service';
import type { AlertPayload } from '../payload/alert-payload';

const EVENT_WORDS: Record<AlertPayload['event'], string> = {
  'advisory.published': 'A new advisory was published',
  'advisory.updated': 'An advisory was raised in severity',
  'advisory.withdrawn': 'An advisory was withdrawn',
};

/**
 * E-mail alerts over SMTP (nodemailer). The message is built from the alert payload only, so it
 * carries exactly what a webhook may carry (ALERTS.md "What an alert carries"), never more.
 */
export class EmailSender {
  private readonly transport: Transporter | null;

  constructor(smtpUrl: string | null, private readonly from: string) {
    this.transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
  }

  get enabled(): boolean {
    return this.transport !== null;
  }

  /** `escalation`: a colleague left this CRITICAL alert unacknowledged past the organisation's delay. */
  async send(to: string, payload: AlertPayload, options: { escalation?: boolean } = {}): Promise<void> {
    if (!this.transport) throw new Error('e-mail alerts are disabled (SMTP_URL is not set)');
    const lines = [
      ...(options.escalation
        ? ['Escalated to you: a colleague in your organisation has not acknowledged this critical alert.', '']
        : []),
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
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: `[${payload.severity}]${options.escalation ? ' [ESCALATED]' : ''} ${payload.title}`,
      text: lines.join('\n'),
      headers: { 'X-Council-Delivery': payload.deliveryId, 'X-Council-Alert': payload.alertId },
    });
  }

  /** The daily digest of one channel: each item says what its alert e-mail would have said, nothing more. */
  async sendDigest(to: string, digest: DigestPayload): Promise<void> {
    if (!this.transport) throw new Error('e-mail alerts are disabled (SMTP_URL is not set)');
    const lines = [`Your daily digest: ${digest.items.length} alert${digest.items.length === 1 ? '' : 's'} of low or informational severity.`, ''];
    for (const item of digest.items) {
      lines.push(`[${item.severity}] ${item.title}`, `${EVENT_WORDS[item.event]} at ${item.occurredAt}.`);
      if (item.recommendedActions?.length) lines.push('Recommended actions:', ...item.recommendedActions.map((action) => `- ${action}`));
      lines.push(`Read it in the platform: ${item.url}`, `Delivery ${item.deliveryId}`, '');
    }
    lines.push(`Digest ${digest.deliveryId}`);
    await this.transport.sendMail({
      from: this.from,
      to,
      subject: `[DIGEST] ${digest.items.length} alert${digest.items.length === 1 ? '' : 's'}`,
      text: lines.join('\n'),
      headers: { 'X-Council-Delivery': digest.deliveryId },
    });
  }

  close(): void {
    this.transport?.close();
  }
}
