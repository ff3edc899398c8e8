import type { DataSource } from 'typeorm';
import type { AuditLogService } from '@app/audit/audit-log.service';
import { advisoryTransactionLock, typedSql } from '@app/platform/database/typed-sql';
import { ClearanceLevel, Role } from '@app/platform/vocabulary';
import { defineMembershipAbility } from '@app/policy/membership/membership-ability';
import { normaliseEmail } from '../people/people.service';
import { PersonEntity } from '../people/person.entity';

/** Serialises bootstraps run at the same time (an arbitrary constant). */
const CLEARANCE_BOOTSTRAP_LOCK_KEY = 0x636c6561;

/** A refusal of the operator's request, in words for the operator. */
export class ClearanceBootstrapRefusal extends Error {}

export interface ClearanceBootstrap {
  email: string;
  expiresAt: Date;
  /** Who ran it (the operating-system account), recorded in the decision log. */
  operator: string;
}

/**
 * The first cleared secretariat person, granted by the operator. A clearance needs a second,
 * cleared secretariat person to approve it (ACCESS-POLICY.md "Clearances and accounts"), and a new
 * council has none, so the first can only come from outside the API. This grants IESI to an
 * existing, active secretariat person, and only while no secretariat person could approve a grant
 * (none is cleared): after that, clearances go through request and approval. Recorded in the
 * decision log as `clearance.bootstrapped`, with no actor and the operator's name.
 */
export async function bootstrapClearance(
  dataSource: DataSource,
  audit: AuditLogService,
  now: Date,
  request: ClearanceBootstrap,
): Promise<PersonEntity> {
  if (!(request.expiresAt.getTime() > now.getTime())) throw new ClearanceBootstrapRefusal('the expiry must be in the future');
  const email = normaliseEmail(request.email);
  return dataSource.transaction(async (manager) => {
    await typedSql(manager).execute(advisoryTransactionLock(CLEARANCE_BOOTSTRAP_LOCK_KEY));
    const secretariat = await manager
      .getRepository(PersonEntity)
      .createQueryBuilder('p')
      .leftJoinAndSelect('p.organisation', 'o')
      .where(':role = ANY(p.roles)', { role: Role.SECRETARIAT })
      .getMany();
    const approver = secretariat.find((p) => mayApproveGrants(p, now));
    if (approver) {
      throw new ClearanceBootstrapRefusal(
        `a cleared secretariat person already exists (${approver.email}): clearances are now requested and approved through the API`,
      );
    }
    const person = secretariat.find((p) => p.email === email);
    if (!person) {
      const exists = await manager.exists(PersonEntity, { where: { email } });
      throw new ClearanceBootstrapRefusal(exists ? `${email} is not a secretariat person` : `no person has the address ${email}`);
    }
    if (!person.active) throw new ClearanceBootstrapRefusal(`${email} is deactivated`);
    if (person.roles.includes(Role.AUDITOR)) throw new ClearanceBootstrapRefusal(`${email} holds AUDITOR, and an auditor approves nothing`);
    const before = { level: person.clearanceLevel, expiresAt: person.clearanceExpiresAt, suspended: person.clearanceSuspended };
    Object.assign(person, { clearanceLevel: ClearanceLevel.IESI, clearanceExpiresAt: request.expiresAt, clearanceSuspended: false });
    if (!mayApproveGrants(person, now)) {
      throw new ClearanceBootstrapRefusal(`${email} would still not be cleared: their organisation has no valid facility clearance`);
    }
    await manager.save(person);
    await audit.append(manager, {
      actorId: null,
      action: 'clearance.bootstrapped',
      subjectType: 'Person',
      subjectId: person.id,
      before,
      after: { level: person.clearanceLevel, expiresAt: person.clearanceExpiresAt, suspended: false, operator: request.operator },
    });
    return person;
  });
}

/** Whether this person, as they are, could approve some clearance grant (the policy's rule, for a request of someone else's). */
function mayApproveGrants(person: PersonEntity, now: Date): boolean {
  return defineMembershipAbility(person, now).can('approveClearanceGrant', 'ClearanceGrantRequest');
}
