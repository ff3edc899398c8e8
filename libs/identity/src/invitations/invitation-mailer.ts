import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { loadAlertSettings } from '@app/alerts/alert-settings';
import { EmailSender } from '@app/alerts/deliveries/email-sender';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';

/** The console page where an invited person sets a password. */
const ACCEPT_PATH = '/console/invitation';

/**
 * Sends an invitation's token to the invitee, over the SMTP server and sender address that alerts
 * use (SMTP_URL, COUNCIL_ALERT_MAIL_FROM). Someone waits for it (the inviter's request), so the
 * SMTP timeouts are short.
 */
@Injectable()
export class InvitationMailer implements OnModuleDestroy {
  private readonly sender: EmailSender;

  constructor(@Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig) {
    this.sender = new EmailSender(config.smtpUrl, loadAlertSettings().mailFrom, {
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 15_000,
    });
  }

  get enabled(): boolean {
    return this.sender.enabled;
  }

  async send(invitee: { email: string; displayName: string }, token: string, expiresAt: Date): Promise<void> {
    const link = `${this.config.publicUrl}${ACCEPT_PATH}?token=${encodeURIComponent(token)}`;
    const subject = '情報共有プラットフォームへの招待 / Invitation to the council information-sharing platform';
    const text = [
      `${invitee.displayName} 様`,
      '',
      'サイバーセキュリティ協議会の情報共有プラットフォームに招待されました。次のリンクからパスワードを設定してください。',
      `有効期限: ${expiresAt.toISOString()}`,
      '',
      link,
      '',
      'You have been invited to the information-sharing platform of the cybersecurity council.',
      `Set your password at the link above before ${expiresAt.toISOString()}.`,
      'If you did not expect this invitation, ignore this message.',
    ].join('\n');
    await this.sender.sendMessage(invitee.email, { subject, encryptedSubject: subject, text, headers: {} });
  }

  onModuleDestroy(): void {
    this.sender.close();
  }
}
