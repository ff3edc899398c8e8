import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { AccessLevel } from '@app/platform/vocabulary';
import { explainAdvisoryAccess, type AccessExplanation } from '@app/policy/advisories/access-explanation';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { AdvisoryQueryService } from '../queries/advisory-query.service';

export interface PersonAccessLine extends AccessExplanation {
  person: PersonEntity;
}

export interface OrganisationAccessGroup {
  organisationId: string | null;
  people: PersonAccessLine[];
  counts: Record<'full' | 'tearLine' | 'metadataOnly' | 'none', number>;
}

export interface AdvisoryAccessReport {
  advisoryId: string;
  groups: OrganisationAccessGroup[];
  counts: OrganisationAccessGroup['counts'];
}

const emptyCounts = () => ({ full: 0, tearLine: 0, metadataOnly: 0, none: 0 });

function countOf(access: AccessLevel | null): keyof OrganisationAccessGroup['counts'] {
  switch (access) {
    case AccessLevel.FULL:
      return 'full';
    case AccessLevel.TEAR_LINE:
      return 'tearLine';
    case AccessLevel.METADATA_ONLY:
      return 'metadataOnly';
    default:
      return 'none';
  }
}

/**
 * "Who can see this advisory, and why not" — for the secretariat before it approves. Each person's
 * access is the policy's answer as if the advisory were published now.
 */
@Injectable()
export class AdvisoryAccessReportService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queries: AdvisoryQueryService,
    private readonly policy: PolicyService,
    private readonly clock: Clock,
  ) {}

  async report(reader: Reader, advisoryId: string): Promise<AdvisoryAccessReport | null> {
    this.policy.assertMembership(reader, 'read', 'AccessReport');
    const advisory = await this.queries.findVisibleRecord(reader, advisoryId);
    if (!advisory) return null;
    const now = this.clock.now();
    const people = await this.dataSource
      .getRepository(PersonEntity)
      .find({ relations: { organisation: true }, order: { organisationId: 'ASC', displayName: 'ASC' } });
    const groups = new Map<string | null, OrganisationAccessGroup>();
    const counts = emptyCounts();
    for (const person of people) {
      const explanation = explainAdvisoryAccess(person, advisory, now);
      let group = groups.get(person.organisationId);
      if (!group) {
        group = { organisationId: person.organisationId, people: [], counts: emptyCounts() };
        groups.set(person.organisationId, group);
      }
      group.people.push({ person, ...explanation });
      group.counts[countOf(explanation.access)]++;
      counts[countOf(explanation.access)]++;
    }
    return { advisoryId: advisory.id, groups: [...groups.values()], counts };
  }
}
