import { Injectable } from '@nestjs/common';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import type { Reader } from '@app/policy/reader';
import { AdvisoryModel, AudienceModel } from './models/advisory.model';

/**
 * Turns the policy's projections into GraphQL models. The originator organisation is left to its
 * field resolver (AdvisoryOriginatorResolver), so a page whose client does not ask for it never
 * loads it.
 */
@Injectable()
export class AdvisoryViews {
  async toModels(_reader: Reader, views: AdvisoryView[]): Promise<AdvisoryModel[]> {
    return views.map(toModel);
  }

  async toModel(reader: Reader, view: AdvisoryView): Promise<AdvisoryModel> {
    const [model] = await this.toModels(reader, [view]);
    return model;
  }
}

function toModel(view: AdvisoryView): AdvisoryModel {
  return Object.assign(new AdvisoryModel(), {
    ...view,
    audience: view.audience ? Object.assign(new AudienceModel(), view.audience) : null,
  });
}
