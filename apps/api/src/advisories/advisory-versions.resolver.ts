import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { AdvisoryVersionsService } from '@app/advisories/versions/advisory-versions.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { AdvisoryModel } from './models/advisory.model';
import { AdvisoryVersionModel } from './models/advisory-version.model';

@Resolver(() => AdvisoryVersionModel)
export class AdvisoryVersionsResolver {
  constructor(private readonly versions: AdvisoryVersionsService) {}

  @Query(() => [AdvisoryVersionModel], {
    description: 'The secretariat and the originator: every published version of an advisory, newest first.',
  })
  async advisoryVersions(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryVersionModel[]> {
    const versions = await this.versions.list(person, id);
    const models = versions.map((version) => AdvisoryModel.fromView(version.advisory));
    return versions.map((v, i) =>
      Object.assign(new AdvisoryVersionModel(), { version: v.version, change: v.change, createdAt: v.createdAt, advisory: models[i] }),
    );
  }
}
