import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { sql } from 'kysely';
import { IsNull, type Repository, type SelectQueryBuilder } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { CouncilError } from '@app/platform/errors/council-error';
import { isRegionCode } from '@app/membership/regions/japan-regions';
import { AlertChannelKind, Sector, type Severity } from '@app/platform/vocabulary';
import { defineAlertAbility, type AlertAction } from '@app/policy/alerts/alert-ability';
import { alertActionToSql } from '@app/policy/alerts/alert-access-sql';
import type { Reader } from '@app/policy/reader';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { AlertChannelEntity } from './alert-channel.entity';
import { AlertChannelConfirmations } from './email-confirmation';
import { SigningSecrets } from './signing-secret';
import { checkWebhookTarget } from './webhook-target';

export interface NewAlertChannel extends AlertChannelPreferences {
  kind: AlertChannelKind;
  target?: string | null;
  minSeverity: Severity;
}

/** What a person may change on a channel later; a field left out (or null) stays as it is. */
export interface AlertChannelPreferences {
  minSeverity?: Severity | null;
  sectors?: Sector[] | null;
  regions?: string[] | null;
  digest?: boolean | null;
  enabled?: boolean | null;
}

const MAX_REGIONS = 100;
/**
 * Channels (not removed; disabled ones count) one person may have. Each is one more delivery of
 * every alert they get, in a nationwide fan-out of 50,000 people too, and an e-mail channel one
 * more mailbox written to; ten covers a person's own address, a team mailbox, a few SOC webhooks
 * and in-app with room to spare, like MAX_ACTIVE_FEED_TOKENS for feed readers.
 */
export const MAX_ALERT_CHANNELS_PER_PERSON = 10;

/** A person's own alert channels (ALERTS.md): IN_APP, WEBHOOK (signed) and EMAIL. */
@Injectable()
export class AlertChannelService {
  constructor(
    @InjectRepository(AlertChannelEntity) private readonly channels: Repository<AlertChannelEntity>,
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly secrets: SigningSecrets,
    private readonly confirmations: AlertChannelConfirmations,
  ) {}

  /** The reader's channels, oldest first; the alert policy's read rule is the WHERE clause. */
  list(reader: Reader): Promise<AlertChannelEntity[]> {
    return this.allowed(reader, 'read').andWhere('c.removed_at IS NULL').orderBy('c.createdAt', 'ASC').addOrderBy('c.id', 'ASC').getMany();
  }

  /**
   * Adds a channel; a webhook's signing secret is returned here and never again. An EMAIL channel
   * starts unverified and its address is sent a confirmation link (email-confirmation.ts).
   */
  async add(reader: Reader, input: NewAlertChannel): Promise<{ channel: AlertChannelEntity; signingSecret: string | null }> {
    const target = await this.checkTarget(reader, input);
    const preferences = checkPreferences(input.kind, input);
    const signingSecret = input.kind === AlertChannelKind.WEBHOOK ? SigningSecrets.generate() : null;
    const { saved, confirmationToken } = await this.channels.manager.transaction(async (manager) => {
      // Serialises this person's additions, so two at once cannot both slip under the cap.
      await typedSql(manager).execute(db.selectFrom('persons').select('id').where('id', '=', reader.id).forUpdate());
      const channels = await typedSql(manager).first(
        db
          .selectFrom('alert_channels')
          .select(sql<number>`count(*)::int`.as('count'))
          .where('person_id', '=', reader.id)
          .where('removed_at', 'is', null),
      );
      if (Number(channels?.count) >= MAX_ALERT_CHANNELS_PER_PERSON) {
        throw CouncilError.conflict(
          `You already have ${MAX_ALERT_CHANNELS_PER_PERSON} alert channels, the most one person may have: remove one you no longer use first`,
        );
      }
      const confirmation = input.kind === AlertChannelKind.EMAIL ? await this.confirmations.prepare(reader.id, target as string) : null;
      const row = await manager.save(
        manager.create(AlertChannelEntity, {
          personId: reader.id,
          kind: input.kind,
          target,
          minSeverity: input.minSeverity,
          sectors: preferences.sectors ?? [],
          regions: preferences.regions ?? [],
          digest: preferences.digest ?? false,
          enabled: true,
          signingSecretSealed: signingSecret ? this.secrets.seal(signingSecret) : null,
          verified: confirmation === null,
          confirmationTokenHash: confirmation?.hash ?? null,
          confirmationExpiresAt: confirmation?.expiresAt ?? null,
          confirmationSentAt: null,
          removedAt: null,
        }),
      );
      return { saved: row, confirmationToken: confirmation?.token ?? null };
    });
    if (confirmationToken !== null)
      this.confirmations.send({ id: saved.id, personId: reader.id, target: target as string }, confirmationToken);
    const channel = await this.channels.findOneByOrFail({ id: saved.id });
    return { channel, signingSecret };
  }

  /** Mails a new confirmation link for one of the reader's unverified EMAIL channels (the previous link stops working). */
  async resendConfirmation(reader: Reader, id: string): Promise<AlertChannelEntity> {
    const channel = await this.manageable(reader, id);
    if (!channel) throw CouncilError.notFound('Alert channel');
    if (channel.kind !== AlertChannelKind.EMAIL || channel.verified) {
      throw CouncilError.badInput(
        channel.kind === AlertChannelKind.EMAIL
          ? 'This e-mail address is already confirmed'
          : `A ${channel.kind} channel needs no confirmation`,
      );
    }
    await this.confirmations.renew({ id: channel.id, personId: channel.personId, target: channel.target as string });
    return this.channels.findOneByOrFail({ id: channel.id });
  }

  /** Removes one of the reader's channels; anyone else's (or a removed one) is NOT_FOUND. */
  async remove(reader: Reader, id: string): Promise<boolean> {
    const channel = await this.manageable(reader, id);
    if (!channel) throw CouncilError.notFound('Alert channel');
    await this.channels.update({ id: channel.id }, { removedAt: new Date(), enabled: false });
    return true;
  }

  /**
   * Changes the reader's own channel's minimum severity, sector and region filters, digest and
   * enabled flag (issue 4 "Each person chooses what reaches them"). Anyone else's channel, or a
   * removed one, is NOT_FOUND. The fan-out applies the new values to the events it takes next.
   */
  async updatePreferences(reader: Reader, id: string, patch: AlertChannelPreferences): Promise<AlertChannelEntity> {
    const channel = await this.manageable(reader, id);
    if (!channel) throw CouncilError.notFound('Alert channel');
    const checked = checkPreferences(channel.kind, patch);
    const changes: Partial<AlertChannelEntity> = {};
    if (patch.minSeverity != null) changes.minSeverity = patch.minSeverity;
    if (checked.sectors !== undefined) changes.sectors = checked.sectors;
    if (checked.regions !== undefined) changes.regions = checked.regions;
    if (checked.digest !== undefined) changes.digest = checked.digest;
    if (patch.enabled != null) changes.enabled = patch.enabled;
    if (Object.keys(changes).length > 0) await this.channels.update({ id: channel.id, removedAt: IsNull() }, changes);
    return this.channels.findOneByOrFail({ id: channel.id });
  }

  /** One of the channels the reader may change, not removed, or null: the policy's rule is the WHERE clause. */
  private manageable(reader: Reader, id: string): Promise<AlertChannelEntity | null> {
    return this.allowed(reader, 'manage').andWhere('c.id = :id', { id }).andWhere('c.removed_at IS NULL').getOne();
  }

  /** The channels on which the reader may do `action` (`c`, as in the policy's column map). */
  private allowed(reader: Reader, action: AlertAction): SelectQueryBuilder<AlertChannelEntity> {
    const params = new SqlParameters();
    const clause = params.named(alertActionToSql(defineAlertAbility(reader), action, 'AlertChannel', params));
    return this.channels.createQueryBuilder('c').where(clause.sql, clause.parameters);
  }

  private async checkTarget(reader: Reader, input: NewAlertChannel): Promise<string | null> {
    const target = input.target?.trim() || null;
    switch (input.kind) {
      case AlertChannelKind.IN_APP:
        if (target !== null) throw CouncilError.badInput('An IN_APP channel takes no target');
        return null;
      case AlertChannelKind.WEBHOOK:
        if (target === null) throw CouncilError.badInput('A WEBHOOK channel needs a target URL');
        if (target.length > 2048) throw CouncilError.badInput('A webhook target may be at most 2048 characters');
        return checkWebhookTarget(target, this.config.allowInsecureWebhooks);
      case AlertChannelKind.EMAIL: {
        if (!this.config.smtpUrl) {
          throw CouncilError.badInput('E-mail alerts are not available on this server (no SMTP server is configured)');
        }
        if (target === null) return (await this.persons.findOneByOrFail({ id: reader.id })).email;
        if (target.length > 254 || !isEmail(target)) throw CouncilError.badInput('An EMAIL channel target must be an e-mail address');
        return target.toLowerCase();
      }
      default:
        throw CouncilError.badInput('Unknown alert channel kind');
    }
  }
}

/**
 * Sectors must be Sector values, regions existing prefecture ("13") or municipality ("13101")
 * codes (japan-regions.ts); both are de-duplicated and sorted. A digest is for WEBHOOK and EMAIL
 * channels (IN_APP alerts are listed by myAlerts as they come). Undefined: not given.
 */
function checkPreferences(
  kind: AlertChannelKind,
  input: AlertChannelPreferences,
): { sectors?: Sector[]; regions?: string[]; digest?: boolean } {
  const result: { sectors?: Sector[]; regions?: string[]; digest?: boolean } = {};
  if (input.sectors != null) {
    const known = new Set<string>(Object.values(Sector));
    const wrong = input.sectors.filter((sector) => !known.has(sector));
    if (wrong.length > 0) throw CouncilError.badInput(`Unknown sector ${wrong.join(', ')}`, { field: 'sectors' });
    result.sectors = [...new Set(input.sectors)].sort();
  }
  if (input.regions != null) {
    if (input.regions.length > MAX_REGIONS) {
      throw CouncilError.badInput(`At most ${MAX_REGIONS} regions per channel`, { field: 'regions' });
    }
    const regions = input.regions.map((code) => String(code).trim());
    const wrong = regions.filter((code) => !isRegionCode(code));
    if (wrong.length > 0) {
      throw CouncilError.badInput(
        `Each region must be a prefecture code ("01".."47") or an existing 5-digit municipality code (JIS X 0402); not ${wrong
          .slice(0, 5)
          .map((code) => JSON.stringify(code))
          .join(', ')}`,
        { field: 'regions' },
      );
    }
    result.regions = [...new Set(regions)].sort();
  }
  if (input.digest != null) {
    if (input.digest && kind === AlertChannelKind.IN_APP) {
      throw CouncilError.badInput('A digest is for WEBHOOK and EMAIL channels; IN_APP alerts are listed as they come', { field: 'digest' });
    }
    result.digest = input.digest;
  }
  return result;
}
