import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AuditLogService } from '@app/audit/audit-log.service';
import { Clock } from '@app/platform/clock/clock';
import { inputProblem } from '@app/platform/errors/input-problem';
import type { ClearanceLevel } from '@app/platform/vocabulary';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { PersonEntity } from '../people/person.entity';
import { assertMayEver, lockPersonFor } from '../people/person-guard';

const GRANT_REFUSAL = 'Only the secretariat grants clearances, and never to themselves';
const SUSPEND_REFUSAL = 'Only the secretariat suspends clearances';

function clearanceOf(person: PersonEntity): Record<string, unknown> {
  return {
    level: person.clearanceLevel,
    expiresAt: person.clearanceExpiresAt,
    suspended: person.clearanceSuspended,
  };
}

/**
 * Personal security clearances, recorded by the secretariat. A clearance is personal: it may be
 * granted whatever the person's organisation's facility clearance (cleared() checks that later).
 */
@Injectable()
export class ClearanceService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly policy: PolicyService,
    private readonly audit: AuditLogService,
    private readonly clock: Clock,
  ) {}

  /** Sets the level and expiry and lifts any suspension. */
  async grant(actor: Reader, personId: string, level: ClearanceLevel, expiresAt: Date): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'grantClearance', GRANT_REFUSAL);
    if (!(expiresAt.getTime() > this.clock.now().getTime())) {
      throw inputProblem('expiresAt', 'expiresAt must be in the future');
    }
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'grantClearance', personId, GRANT_REFUSAL);
      const before = clearanceOf(person);
      Object.assign(person, { clearanceLevel: level, clearanceExpiresAt: expiresAt, clearanceSuspended: false });
      await manager.save(person);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'clearance.granted',
        subjectType: 'Person',
        subjectId: person.id,
        before,
        after: clearanceOf(person),
      });
    });
    return this.reload(personId);
  }

  async suspend(actor: Reader, personId: string): Promise<PersonEntity> {
    const ability = this.policy.membershipAbility(actor);
    assertMayEver(ability, 'suspendClearance', SUSPEND_REFUSAL);
    await this.dataSource.transaction(async (manager) => {
      const person = await lockPersonFor(manager, ability, 'suspendClearance', personId, SUSPEND_REFUSAL);
      if (person.clearanceSuspended) return;
      const before = clearanceOf(person);
      person.clearanceSuspended = true;
      await manager.save(person);
      await this.audit.append(manager, {
        actorId: actor.id,
        action: 'clearance.suspended',
        subjectType: 'Person',
        subjectId: person.id,
        before,
        after: clearanceOf(person),
      });
    });
    return this.reload(personId);
  }

  private reload(personId: string): Promise<PersonEntity> {
    return this.dataSource
      .getRepository(PersonEntity)
      .findOneOrFail({ where: { id: personId }, relations: { organisation: true } });
  }
}
