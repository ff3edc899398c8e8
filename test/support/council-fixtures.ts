import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import { PersonEntity } from '../../libs/membership/src/people/person.entity';
import { AdvisoryEntity } from '../../libs/advisories/src/entities/advisory.entity';
import { municipalityPrefectures } from '../../libs/advisories/src/lifecycle/advisory-content';
import {
  AdvisoryStatus,
  Classification,
  ClearanceLevel,
  MembershipTier,
  Severity,
  Tlp,
  OrganisationKind,
  type Role,
  type Sector,
} from '../../libs/platform/src/vocabulary';

const DAY = 86_400_000;
export const inDays = (days: number, from = new Date()): Date => new Date(from.getTime() + days * DAY);

/**
 * Rows written straight into the database, for tests whose subject is not how they were created.
 * Tests of the mutations themselves go through GraphQL.
 */
export async function insertOrganisation(dataSource: DataSource, fields: Partial<OrganisationEntity> = {}): Promise<OrganisationEntity> {
  const repository = dataSource.getRepository(OrganisationEntity);
  return repository.save(
    repository.create({
      name: `Org ${randomUUID().slice(0, 8)}`,
      kind: OrganisationKind.CRITICAL_INFRASTRUCTURE,
      tier: MembershipTier.CLASS_2,
      sectors: ['FINANCE' as Sector],
      prefecture: '13',
      municipality: null,
      foreign: false,
      active: true,
      agreementExpiresAt: inDays(365),
      facilityClearanceExpiresAt: null,
      ...fields,
    }),
  );
}

export async function insertPerson(dataSource: DataSource, fields: Partial<PersonEntity> & { roles?: Role[] } = {}): Promise<PersonEntity> {
  const repository = dataSource.getRepository(PersonEntity);
  const saved = await repository.save(
    repository.create({
      email: `person-${randomUUID()}@example.test`,
      displayName: 'Test Person',
      organisationId: null,
      individualTier: null,
      roles: [],
      active: true,
      pledgeExpiresAt: inDays(365),
      clearanceLevel: ClearanceLevel.NONE,
      clearanceExpiresAt: null,
      clearanceSuspended: false,
      passwordHash: null,
      ...fields,
    }),
  );
  return repository.findOneOrFail({ where: { id: saved.id }, relations: { organisation: true } });
}

/** An advisory row as the lifecycle would leave it (published by default), derived columns kept. */
export async function insertAdvisory(
  dataSource: DataSource,
  fields: Partial<AdvisoryEntity> & { authorId: string },
): Promise<AdvisoryEntity> {
  const repository = dataSource.getRepository(AdvisoryEntity);
  const now = new Date();
  const regions = fields.audienceRegions ?? [];
  const status = fields.status ?? AdvisoryStatus.PUBLISHED;
  const publishedAt =
    fields.publishedAt !== undefined
      ? fields.publishedAt
      : status === AdvisoryStatus.PUBLISHED || status === AdvisoryStatus.WITHDRAWN
        ? now
        : null;
  const updatedAt = fields.updatedAt ?? now;
  return repository.save(
    repository.create({
      status,
      severity: Severity.MEDIUM,
      originatorOrgId: null,
      attributed: false,
      version: 1,
      fullClassification: Classification.UNCLASSIFIED,
      fullTlp: Tlp.GREEN,
      fullTitle: 'Advisory title',
      fullSummary: 'Advisory summary',
      fullBody: 'Advisory body',
      fullRecommendedActions: ['Patch'],
      fullIndicators: ['198.51.100.7'],
      hasTearLine: false,
      tearLineClassification: null,
      tearLineTlp: null,
      tearLineTitle: null,
      tearLineSummary: null,
      tearLineRecommendedActions: null,
      tearLineReleaseToNonMemberLocalGovernments: false,
      audienceTiers: [],
      audienceSectors: [],
      audienceOrganisationIds: [],
      audiencePersonIds: [],
      audienceNoForeign: false,
      ...fields,
      audienceRegions: regions,
      audienceMunicipalityPrefectures: municipalityPrefectures(regions),
      publishedAt,
      updatedAt,
      sortAt: publishedAt ?? updatedAt,
    }),
  );
}
