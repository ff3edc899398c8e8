import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { AccessLevel } from '@app/platform/vocabulary';
import { reasonsForLessThanFull } from '@app/policy/advisories/access-explanation';
import { advisoryAudienceSql } from '@app/policy/advisories/advisory-audience-sql';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { SqlParameters } from '@app/policy/sql/sql-fragment';
import { AdvisoryQueryService } from '../queries/advisory-query.service';

export interface PersonAccessLine {
  person: PersonEntity;
  /** Null: the advisory would not exist for this person. */
  access: AccessLevel | null;
  reasons: string[];
}

export interface AccessCounts {
  full: number;
  tearLine: number;
  metadataOnly: number;
  none: number;
}

export interface OrganisationAccessGroup {
  organisation: OrganisationEntity | null;
  people: PersonAccessLine[];
  counts: AccessCounts;
}

export interface AdvisoryAccessReport {
  advisoryId: string;
  groups: OrganisationAccessGroup[];
  counts: AccessCounts;
}

const emptyCounts = (): AccessCounts => ({ full: 0, tearLine: 0, metadataOnly: 0, none: 0 });
const COUNT_OF: Record<AccessLevel, keyof AccessCounts> = {
  [AccessLevel.FULL]: 'full',
  [AccessLevel.TEAR_LINE]: 'tearLine',
  [AccessLevel.METADATA_ONLY]: 'metadataOnly',
};

/**
 * "Who can see this advisory, and why not" — for the secretariat before it approves. One SQL
 * statement gives every person's access level as if the advisory were published now (the policy
 * seen from the advisory's side); the reasons for less than FULL are worded afterwards.
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
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, now, params, { asPublished: true });
    const statement = params.compact(
      `SELECT p.id, ${audience.access} AS access
         FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id`,
    );
    const [accessRows, people] = await Promise.all([
      this.dataSource.query<Array<{ id: string; access: AccessLevel | null }>>(statement.sql, statement.values),
      this.dataSource.getRepository(PersonEntity).find({
        relations: { organisation: true },
        order: { organisationId: 'ASC', displayName: 'ASC' },
      }),
    ]);
    const accessById = new Map(accessRows.map((row) => [row.id, row.access]));
    const groups = new Map<string | null, OrganisationAccessGroup>();
    const counts = emptyCounts();
    for (const person of people) {
      const access = accessById.get(person.id) ?? null;
      let group = groups.get(person.organisationId);
      if (!group) {
        group = { organisation: person.organisation, people: [], counts: emptyCounts() };
        groups.set(person.organisationId, group);
      }
      const reasons = access === AccessLevel.FULL ? [] : reasonsForLessThanFull(person, advisory, now);
      group.people.push({ person, access, reasons });
      const bucket = access ? COUNT_OF[access] : 'none';
      group.counts[bucket]++;
      counts[bucket]++;
    }
    return { advisoryId: advisory.id, groups: [...groups.values()], counts };
  }
}
