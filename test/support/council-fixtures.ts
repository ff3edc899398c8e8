import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '../../libs/membership/src/organisations/organisation.entity';
import { PersonEntity } from '../../libs/membership/src/people/person.entity';
import {
  ClearanceLevel,
  MembershipTier,
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
export async function insertOrganisation(
  dataSource: DataSource,
  fields: Partial<OrganisationEntity> = {},
): Promise<OrganisationEntity> {
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

export async function insertPerson(
  dataSource: DataSource,
  fields: Partial<PersonEntity> & { roles?: Role[] } = {},
): Promise<PersonEntity> {
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
