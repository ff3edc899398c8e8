import { Args, Query, Resolver } from '@nestjs/graphql';
import { IncidentStatisticsService } from '@app/incidents/statistics/incident-statistics.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { IncidentStatisticsModel } from './models/incident-statistics.model';

@Resolver(() => IncidentStatisticsModel)
export class IncidentStatisticsResolver {
  constructor(private readonly statistics: IncidentStatisticsService) {}

  @Query(() => IncidentStatisticsModel, { description: 'Secretariat only: incidents opened since the given time.' })
  async incidentStatistics(
    @Args('openedSince', { type: () => Date }) openedSince: Date,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentStatisticsModel> {
    return Object.assign(new IncidentStatisticsModel(), await this.statistics.since(person, openedSince));
  }
}
