import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql, type ExpressionBuilder } from 'kysely';
import type { DataSource } from 'typeorm';
import { hashOneTimeToken, newOneTimeToken } from '@app/identity/tokens/one-time-token';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import type { DB } from '@app/platform/database/database-types';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { RateLimits, type RateLimit } from '@app/platform/rate-limits/rate-limits';
import { AlertChannelKind } from '@app/platform/vocabulary';
import { ALERT_SETTINGS, type AlertSettings } from '../alert-settings';
import { EmailSender, type Mail } from '../deliveries/email-sender';
import { decideEmailEncryption } from '../email-security/email-encryption';

/** Where the link of a confirmation e-mail points, under COUNCIL_PUBLIC_URL (the API serves it). */
export const ALERT_CHANNEL_CONFIRM_PATH = '/alert-channels/confirm';
/** A day: long enough to open one's mail after a weekend evening, short enough that a leaked link soon dies. */
export const CONFIRMATION_VALIDITY_HOURS = 24;
/**
 * Confirmation e-mails a person may cause per hour, and that one address may receive per hour
 * (from anyone): adding and removing channels, or resending, must not turn the platform into a
 * way to mail a stranger again and again.
 */
export const CONFIRMATIONS_PER_PERSON_PER_HOUR = 10;
export const CONFIRMATIONS_PER_ADDRESS_PER_HOUR = 5;

const HOUR_SECONDS = 3600;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** An outstanding confirmation as its link's page shows it. */
export interface PendingConfirmation {
  address: string;
  expiresAt: Date;
}

/**
 * Confirmation of EMAIL alert channels (issue 13 item 8): a new EMAIL channel is unverified and
 * carries nothing until someone opens the one-time link mailed to its address and confirms. The
 * token is 256 random bits, kept only as its SHA-256, valid CONFIRMATION_VALIDITY_HOURS, and
 * used once; a new one replaces it when the person asks for the e-mail again.
 *
 * The e-mail holds the link and no advisory content. It follows the person's e-mail security like
 * every other e-mail: encrypted to their usable OpenPGP key, and never sent in plaintext to
 * someone who requires encryption (they are told to register a key first).
 */
@Injectable()
export class AlertChannelConfirmations implements OnApplicationShutdown {
  private readonly logger = new Logger(AlertChannelConfirmations.name);
  private readonly mailer: EmailSender;
  private readonly perPerson: RateLimit;
  private readonly perAddress: RateLimit;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    @Inject(ALERT_SETTINGS) settings: AlertSettings,
    private readonly limits: RateLimits,
  ) {
    this.mailer = new EmailSender(config.smtpUrl, settings.mailFrom);
    this.perPerson = limits.define({
      name: 'alert-confirmations-person',
      points: CONFIRMATIONS_PER_PERSON_PER_HOUR,
      windowSeconds: HOUR_SECONDS,
    });
    this.perAddress = limits.define({
      name: 'alert-confirmations-address',
      points: CONFIRMATIONS_PER_ADDRESS_PER_HOUR,
      windowSeconds: HOUR_SECONDS,
    });
  }

  /**
   * Checks that a confirmation e-mail may go to `address` for this person now (their e-mail
   * security, the hourly limits) and returns a new token: its hash and expiry are for the
   * channel row, the token itself only for `send`.
   */
  async prepare(personId: string, address: string): Promise<{ token: string; hash: string; expiresAt: Date }> {
    await this.encryptionFor(personId);
    await this.limits.charge(
      [
        [this.perPerson, personId],
        [this.perAddress, address],
      ],
      'Too many confirmation e-mails',
    );
    const { token, hash } = newOneTimeToken();
    return { token, hash, expiresAt: new Date(Date.now() + CONFIRMATION_VALIDITY_HOURS * HOUR_SECONDS * 1000) };
  }

  /** A new link for an unverified EMAIL channel (the old one stops working), mailed like the first. */
  async renew(channel: { id: string; personId: string; target: string }): Promise<void> {
    const next = await this.prepare(channel.personId, channel.target);
    const updated = await typedSql(this.dataSource).execute(
      db
        .updateTable('alert_channels')
        .set({ confirmation_token_hash: next.hash, confirmation_expires_at: next.expiresAt })
        .where('id', '=', channel.id)
        .where('kind', '=', AlertChannelKind.EMAIL)
        .where((eb) => eb.not(eb.ref('verified')))
        .where('removed_at', 'is', null),
    );
    if (!updated) throw CouncilError.notFound('Alert channel');
    this.send(channel, next.token);
  }

  /**
   * Mails the link. It is not awaited by the request: a slow mail server must not hold the
   * person's request; a failure is logged, and the person asks for the e-mail again.
   */
  send(channel: { id: string; personId: string; target: string }, token: string): void {
    void this.deliver(channel, token).catch((error: unknown) => {
      this.logger.warn(
        `confirmation e-mail for alert channel ${channel.id} not sent: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
  }

  /** The channel's address and the link's expiry, while the link is valid (unused, unexpired, channel not removed). */
  async pending(token: string): Promise<PendingConfirmation | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const row = await typedSql(this.dataSource).first(
      db
        .selectFrom('alert_channels')
        .select(['target', 'confirmation_expires_at'])
        .where(validLink(hashOneTimeToken(token))),
    );
    // A valid link belongs to an EMAIL channel, which has an address and an expiry.
    return row ? { address: row.target as string, expiresAt: new Date(row.confirmation_expires_at as Date) } : null;
  }

  /** Confirms the channel of a valid link, once; the address confirmed, or null for a link that is not (any more) valid. */
  async confirm(token: string): Promise<string | null> {
    if (!TOKEN_SHAPE.test(token)) return null;
    const confirmed = await typedSql(this.dataSource).first(
      db
        .updateTable('alert_channels')
        .set({ verified: true, confirmation_token_hash: null, confirmation_expires_at: null })
        .where(validLink(hashOneTimeToken(token)))
        .returning('target'),
    );
    return confirmed?.target ?? null;
  }

  onApplicationShutdown(): void {
    this.mailer.close();
  }

  private async deliver(channel: { id: string; personId: string; target: string }, token: string): Promise<void> {
    const { encryptTo } = await this.encryptionFor(channel.personId);
    await this.mailer.sendMessage(
      channel.target,
      confirmationMail(channel.id, `${this.config.publicUrl}${ALERT_CHANNEL_CONFIRM_PATH}?token=${token}`),
      {
        encryptTo,
      },
    );
    await typedSql(this.dataSource).execute(
      db
        .updateTable('alert_channels')
        .set({ confirmation_sent_at: sql<Date>`now()` })
        .where('id', '=', channel.id),
    );
  }

  /** The person's key to encrypt to (or null for plaintext); refuses when they require encryption without a usable key. */
  private async encryptionFor(personId: string): Promise<{ encryptTo: string | null }> {
    const settings = await typedSql(this.dataSource).first(
      db.selectFrom('email_security_settings').select(['openpgp_public_key', 'require_encryption']).where('person_id', '=', personId),
    );
    const decision = await decideEmailEncryption(settings?.openpgp_public_key ?? null, settings?.require_encryption ?? false);
    if (decision.refusal !== null) {
      throw CouncilError.badInput(
        'You require encrypted e-mail but have no usable OpenPGP key, so no confirmation e-mail can be sent: register a key (setMyOpenPgpKey) first',
      );
    }
    return { encryptTo: decision.encryptTo };
  }
}

/** The confirmation e-mail, in Japanese and English; its header names the channel (for the person's mail rules and the tests). */
/** The channel of a link that still confirms: unused, unexpired, channel neither verified nor removed. */
function validLink(tokenHash: string) {
  return (eb: ExpressionBuilder<DB, 'alert_channels'>) =>
    eb.and([
      eb('confirmation_token_hash', '=', tokenHash),
      eb('confirmation_expires_at', '>', sql<Date>`now()`),
      eb.not(eb.ref('verified')),
      eb('removed_at', 'is', null),
    ]);
}

function confirmationMail(channelId: string, link: string): Mail {
  const text = [
    '協議会情報共有プラットフォームで、このメールアドレスがアラートの送信先として登録されました。',
    `確認するには、${CONFIRMATION_VALIDITY_HOURS} 時間以内に次のリンクを開き、「確認する」を押してください。`,
    '確認されるまで、このアドレスには何も送信されません。心当たりがない場合は、このメールを無視してください。',
    '',
    link,
    '',
    'This address was added as an alert channel on the council information-sharing platform.',
    `To confirm it, open the link above within ${CONFIRMATION_VALIDITY_HOURS} hours and press "Confirm".`,
    'Nothing is sent to this address until it is confirmed. If you did not expect this, ignore this e-mail.',
  ].join('\n');
  return {
    subject: '[Council] アラート送信先の確認 / Confirm your alert e-mail address',
    encryptedSubject: '[Council] Confirm your alert e-mail address (encrypted)',
    text,
    headers: { 'X-Council-Confirmation': channelId },
  };
}
