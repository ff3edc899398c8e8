import { Injectable } from '@nestjs/common';
import { Clock } from '@app/platform/clock/clock';
import { CouncilError } from '@app/platform/errors/council-error';
import { SqlParameters } from './sql/sql-fragment';
import { defineAdvisoryAbility, type AdvisoryAbility, type AdvisoryAction } from './advisories/advisory-ability';
import { advisoryAccessSql, type AdvisoryAccessSql } from './advisories/advisory-access-sql';
import {
  asSubject,
  defineMembershipAbility,
  type MembershipAbility,
  type MembershipAction,
  type MembershipSubject,
} from './membership/membership-ability';
import { deriveFacts, type Reader, type ReaderFacts } from './reader';

/**
 * The one door to every authorization decision: abilities are built per request from the
 * reader's current state and the clock, never cached across requests.
 */
@Injectable()
export class PolicyService {
  constructor(private readonly clock: Clock) {}

  facts(reader: Reader, now = this.clock.now()): ReaderFacts {
    return deriveFacts(reader, now);
  }

  advisoryAbility(reader: Reader, now = this.clock.now()): AdvisoryAbility {
    return defineAdvisoryAbility(reader, now);
  }

  membershipAbility(reader: Reader, now = this.clock.now()): MembershipAbility {
    return defineMembershipAbility(reader, now);
  }

  /** The reader's advisory access as SQL over `advisories a`, parameters numbered after `offset`. */
  advisoryAccessSql(reader: Reader, offset = 0, now = this.clock.now()): AdvisoryAccessSql {
    return advisoryAccessSql(defineAdvisoryAbility(reader, now), new SqlParameters(offset), reader.organisation?.sectors ?? []);
  }

  /** Throws FORBIDDEN unless the reader may do `action` on the membership subject. */
  assertMembership(reader: Reader, action: MembershipAction, type: MembershipSubject, object?: Record<string, unknown>): void {
    const ability = this.membershipAbility(reader);
    const allowed = object ? ability.can(action, asSubject(type, object)) : ability.can(action, type);
    if (!allowed) throw CouncilError.forbidden();
  }

  /** True when the reader may do `action` on this advisory row (in memory, after a policy fetch). */
  canOnAdvisory(reader: Reader, action: AdvisoryAction, advisory: object): boolean {
    return this.advisoryAbility(reader).can(action, asSubject('Advisory', advisory));
  }
}
