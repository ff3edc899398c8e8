import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { StixImportService } from '@app/feeds/stix/import/stix-import.service';
import { CurrentPerson } from '../../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../../auth/request-context';
import { ImportStixBundleInput } from './dto/import-stix-bundle.input';
import { toStixImportRequest } from './dto/import-stix-bundle.mapper';
import { AdvisoryModel } from '../../advisories/models/advisory.model';
import { StixImportResultModel } from './models/stix-import-result.model';

@Resolver(() => StixImportResultModel)
export class StixImportResolver {
  constructor(private readonly imports: StixImportService) {}

  @Mutation(() => StixImportResultModel, {
    description:
      'A member author: a STIX 2.1 bundle (MISP, OpenCTI) becomes a DRAFT. Unknown or unsafe content refuses the whole import; nothing is half-created.',
  })
  async importStixBundle(
    @Args('input') input: ImportStixBundleInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<StixImportResultModel> {
    const outcome = await this.imports.importBundle(person, toStixImportRequest(input));
    return Object.assign(new StixImportResultModel(), {
      ...outcome,
      advisory: AdvisoryModel.fromView(outcome.advisory),
    });
  }
}
