import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { projectOrganisation } from '@app/policy/membership/organisation-projection';
import { OrganisationModel } from '../membership/models/organisation.model';

/**
 * The originator organisations of advisories, loaded only when a client selects `originator`:
 * the ids asked for in one turn of the event loop (a page of 50 advisories, or several requests)
 * are one statement. The id is the projection's, already withheld where the policy hides the
 * originator; its membership facts are shown as projectOrganisation allows.
 */
@Injectable()
export class AdvisoryOriginators {
  private readonly organisations: StatementBatcher<string, OrganisationEntity | null>;

  constructor(
    @InjectRepository(OrganisationEntity) repository: Repository<OrganisationEntity>,
    private readonly policy: PolicyService,
  ) {
    this.organisations = new StatementBatcher(async (ids) => {
      const found = await repository.findBy({ id: In([...new Set(ids)]) });
      const byId = new Map(found.map((org) => [org.id, org]));
      return ids.map((id) => byId.get(id) ?? null);
    });
  }

  async originatorFor(reader: Reader, originatorOrgId: string | null): Promise<OrganisationModel | null> {
    if (!originatorOrgId) return null;
    const org = await this.organisations.call(originatorOrgId);
    if (!org) return null;
    return projectOrganisation(this.policy.membershipAbility(reader), OrganisationModel.from(org));
  }
}
