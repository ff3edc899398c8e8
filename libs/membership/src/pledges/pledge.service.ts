import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { COUNCIL_CONFIG, type CouncilConfig } from '@app/platform/config/council-config';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { PersonEntity } from '../people/person.entity';
import { lockPersonFor } from '../people/person-guard';

const DAY_MS = 86_400_000;

/** A person's own confidentiality pledge, valid for the configured number of days from signing. */
@Injectable()
export class PledgeService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(COUNCIL_CONFIG) private readonly config: CouncilConfig,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** When a pledge signed at `now` expires. */
  expiryFrom(now: Date): Date {
    return new Date(now.getTime() + this.config.pledgeValidityDays * DAY_MS);
  }

  async sign(actor: Reader): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'signPledge', actor.id, 'A person signs only their own pledge');
      const pledgeExpiresAt = this.expiryFrom(this.clock.now());
      await manager.update(PersonEntity, { id: person.id }, { pledgeExpiresAt });
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'pledge.signed',
        subjectType: 'Person',
        subjectId: person.id,
        before: { pledgeExpiresAt: person.pledgeExpiresAt },
        after: { pledgeExpiresAt },
      });
    });
    return this.dataSource.getRepository(PersonEntity).findOneOrFail({ where: { id: actor.id }, relations: { organisation: true } });
  }
}
