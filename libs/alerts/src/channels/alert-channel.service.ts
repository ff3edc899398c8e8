import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { isEmail } from 'class-validator';
import { IsNull, type Repository } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { CouncilError } from '@app/platform/errors/council-error';
import { AlertChannelKind, type Severity } from '@app/platform/vocabulary';
import { asSubject } from '@app/policy/membership/membership-ability';
import { defineAlertAbility } from '@app/policy/alerts/alert-ability';
import type { Reader } from '@app/policy/reader';
import { AlertChannelEntity } from './alert-channel.entity';
import { SigningSecrets } from './signing-secret';
import { checkWebhookTarget } from './webhook-target';

export interface NewAlertChannel {
  kind: AlertChannelKind;
  target?: string | null;
  minSeverity: Severity;
}

/** A person's own alert channels (ALERTS.md): IN_APP, WEBHOOK (signed) and EMAIL. */
@Injectable()
export class AlertChannelService {
  constructor(
    @InjectRepository(AlertChannelEntity) private readonly channels: Repository<AlertChannelEntity>,
    @InjectRepository(PersonEntity) private readonly persons: Repository<PersonEntity>,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly secrets: SigningSecrets,
  ) {}

  list(reader: Reader): Promise<AlertChannelEntity[]> {
    return this.channels.find({
      where: { personId: reader.id, removedAt: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** Adds a channel; a webhook's signing secret is returned here and never again. */
  async add(reader: Reader, input: NewAlertChannel): Promise<{ channel: AlertChannelEntity; signingSecret: string | null }> {
    const target = await this.checkTarget(reader, input);
    const signingSecret = input.kind === AlertChannelKind.WEBHOOK ? SigningSecrets.generate() : null;
    const saved = await this.channels.save(
      this.channels.create({
        personId: reader.id,
        kind: input.kind,
        target,
        minSeverity: input.minSeverity,
        enabled: true,
        signingSecretSealed: signingSecret ? this.secrets.seal(signingSecret) : null,
        removedAt: null,
      }),
    );
    const channel = await this.channels.findOneByOrFail({ id: saved.id });
    return { channel, signingSecret };
  }

  /** Removes one of the reader's channels; anyone else's (or a removed one) is NOT_FOUND. */
  async remove(reader: Reader, id: string): Promise<boolean> {
    const channel = await this.channels.findOneBy({ id, removedAt: IsNull() });
    if (!channel || !defineAlertAbility(reader).can('manage', asSubject('AlertChannel', channel))) {
      throw CouncilError.notFound('Alert channel');
    }
    await this.channels.update({ id: channel.id }, { removedAt: new Date(), enabled: false });
    return true;
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
