import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { OrganisationEntity } from '@app/membership/organisations/organisation.entity';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { asSubject } from '@app/policy/membership/membership-ability';
import { OrganisationModel } from '../membership/models/organisation.model';
import { AdvisoryModel, AudienceModel } from './models/advisory.model';

/**
 * Turns the policy's projections into GraphQL models, loading the originators that may be shown
 * in one query per page. An originator organisation outside the reader's own is shown without its
 * agreement and facility-clearance dates (membership facts are confidential).
 */
@Injectable()
export class AdvisoryViews {
  constructor(
    @InjectRepository(OrganisationEntity) private readonly organisations: Repository<OrganisationEntity>,
    private readonly policy: PolicyService,
  ) {}

  async toModels(reader: Reader, views: AdvisoryView[]): Promise<AdvisoryModel[]> {
    const ids = [...new Set(views.map((v) => v.originatorOrgId).filter((id): id is string => id !== null))];
    const originators = ids.length ? await this.organisations.findBy({ id: In(ids) }) : [];
    const ability = this.policy.membershipAbility(reader);
    const byId = new Map(
      originators.map((org) => {
        const model = OrganisationModel.from(org);
        if (!ability.can('read', asSubject('Organisation', org))) {
          model.agreementExpiresAt = null;
          model.facilityClearanceExpiresAt = null;
          model.escalationDelaySeconds = null;
        }
        return [org.id, model] as const;
      }),
    );
    return views.map((view) => toModel(view, view.originatorOrgId ? (byId.get(view.originatorOrgId) ?? null) : null));
  }

  async toModel(reader: Reader, view: AdvisoryView): Promise<AdvisoryModel> {
    const [model] = await this.toModels(reader, [view]);
    return model;
  }
}

function toModel(view: AdvisoryView, originator: OrganisationModel | null): AdvisoryModel {
  return Object.assign(new AdvisoryModel(), {
    ...view,
    originator,
    audience: view.audience ? Object.assign(new AudienceModel(), view.audience) : null,
  });
}
