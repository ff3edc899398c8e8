import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { sql } from 'kysely';
import { In, IsNull, type DataSource } from 'typeorm';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { PersonEntity } from '@app/membership/people/person.entity';
import { Clock } from '@app/platform/clock/clock';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { AccessLevel } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { reasonsForLessThanFull } from '@app/policy/advisories/access-explanation';
import { advisoryAudienceSql } from '@app/policy/advisories/advisory-audience-sql';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { sqlExpression } from '@app/policy/sql/sql-condition';
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

export interface AdvisoryAccessSummary {
  /** The advisory as stored (the report's subject; never shown as such — the resolver picks fields). */
  advisory: AdvisoryRecord;
  counts: AccessCounts;
  /** The instant the report is evaluated at: every part of one report uses the same one. */
  at: Date;
}

export interface OrganisationGroups {
  groups: OrganisationAccessGroup[];
  hasNextPage: boolean;
  /** The last organisation of the page (the next page starts after it); null when not paged or empty. */
  end: { name: string; id: string } | null;
}

/** Where a page of organisation groups starts: after this organisation, in (name, id) order. */
export interface OrganisationGroupPage {
  first: number;
  after: { name: string; id: string } | null;
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

  /**
   * The report's subject and its counts per access level: one aggregate over every person, so that
   * the answer costs the same whatever the size of the council. Null when the advisory is missing
   * or hidden from the reader (the same answer for both).
   */
  async summary(reader: Reader, advisoryId: string): Promise<AdvisoryAccessSummary | null> {
    this.policy.assertMembership(reader, 'read', 'AccessReport');
    const advisory = await this.queries.findVisibleRecord(reader, advisoryId);
    if (!advisory) return null;
    const at = this.clock.now();
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, at, params, { asPublished: true });
    const rows = await typedSql(this.dataSource).rows(
      peopleWithOrganisation()
        .select([sqlExpression<AccessLevel | null>(audience.access, params).as('access'), sql<number>`count(*)::int`.as('people')])
        .groupBy(sql`1`),
    );
    const counts = emptyCounts();
    for (const row of rows) counts[row.access ? COUNT_OF[row.access] : 'none'] += row.people;
    return { advisory, counts, at };
  }

  /**
   * Every person's level and reasons, grouped by organisation (people without one first), for all
   * organisations or for one page of them in (name, id) order. Only the people of the groups asked
   * for are loaded and explained.
   */
  async organisationGroups(summary: AdvisoryAccessSummary, page?: OrganisationGroupPage): Promise<OrganisationGroups> {
    const { advisory, at } = summary;
    const params = new SqlParameters();
    const audience = advisoryAudienceSql(advisory, at, params, { asPublished: true });
    let accessQuery = peopleWithOrganisation().select(['p.id', sqlExpression<AccessLevel | null>(audience.access, params).as('access')]);
    let organisationIds: string[] | null = null;
    let hasNextPage = false;
    let end: OrganisationGroupPage['after'] = null;
    if (page) {
      const after = page.after;
      let organisationsQuery = db.selectFrom('organisations as o').select(['o.id', 'o.name']);
      if (after) {
        organisationsQuery = organisationsQuery.where((eb) =>
          eb(eb.refTuple('o.name', 'o.id'), '>', eb.tuple(sql<string>`${after.name}::text`, sql<string>`${after.id}::uuid`)),
        );
      }
      const organisations = await typedSql(this.dataSource).rows(
        organisationsQuery
          .orderBy('o.name')
          .orderBy('o.id')
          .limit(page.first + 1),
      );
      hasNextPage = organisations.length > page.first;
      const pageRows = organisations.slice(0, page.first);
      organisationIds = pageRows.map((row) => row.id);
      end = pageRows.at(-1) ?? null;
      const inPage = sql<string>`ANY(${organisationIds}::uuid[])`;
      accessQuery = accessQuery.where((eb) =>
        after ? eb('p.organisation_id', '=', inPage) : eb.or([eb('p.organisation_id', '=', inPage), eb('p.organisation_id', 'is', null)]),
      );
    }
    const [accessRows, people] = await Promise.all([
      typedSql(this.dataSource).rows(accessQuery),
      this.dataSource.getRepository(PersonEntity).find({
        where: organisationIds
          ? page?.after
            ? { organisationId: In(organisationIds) }
            : [{ organisationId: In(organisationIds) }, { organisationId: IsNull() }]
          : {},
        relations: { organisation: true },
      }),
    ]);
    const accessById = new Map(accessRows.map((row) => [row.id, row.access]));
    people.sort(byGroupThenName);
    const groups = new Map<string | null, OrganisationAccessGroup>();
    for (const person of people) {
      const access = accessById.get(person.id) ?? null;
      let group = groups.get(person.organisationId);
      if (!group) {
        group = { organisation: person.organisation, people: [], counts: emptyCounts() };
        groups.set(person.organisationId, group);
      }
      const reasons = access === AccessLevel.FULL ? [] : reasonsForLessThanFull(person, advisory, at);
      group.people.push({ person, access, reasons });
      group.counts[access ? COUNT_OF[access] : 'none']++;
    }
    return { groups: [...groups.values()], hasNextPage, end };
  }
}

/** Every person with their organisation, if any: the columns the audience's SQL refers to (p, o). */
function peopleWithOrganisation() {
  return db.selectFrom('persons as p').leftJoin('organisations as o', 'o.id', 'p.organisation_id');
}

/** People without an organisation first, then by organisation name and id, then by name and id. */
function byGroupThenName(a: PersonEntity, b: PersonEntity): number {
  const orgA = a.organisation;
  const orgB = b.organisation;
  if (!orgA || !orgB) {
    if (orgA !== orgB) return orgA ? 1 : -1;
  } else if (orgA.id !== orgB.id) {
    return orgA.name < orgB.name ? -1 : orgA.name > orgB.name ? 1 : orgA.id < orgB.id ? -1 : 1;
  }
  return a.displayName.localeCompare(b.displayName) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
