import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { AdvisoryAccessReportService } from '@app/advisories/access-report/advisory-access-report.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { OrganisationModel } from '../membership/models/organisation.model';
import { PersonModel } from '../membership/models/person.model';
import { AdvisoryAccessReportModel } from './models/advisory-access-report.model';

@Resolver(() => AdvisoryAccessReportModel)
export class AdvisoryAccessReportResolver {
  constructor(private readonly reports: AdvisoryAccessReportService) {}

  @Query(() => AdvisoryAccessReportModel, {
    nullable: true,
    description:
      'Secretariat: who could see this advisory if it were published now, at which access level, grouped by organisation, with the reason for each refusal.',
  })
  async advisoryAccessReport(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<AdvisoryAccessReportModel | null> {
    const report = await this.reports.report(reader, id);
    if (!report) return null;
    return {
      advisoryId: report.advisoryId,
      counts: report.counts,
      organisations: report.groups.map((group) => ({
        organisation: group.organisation ? OrganisationModel.from(group.organisation) : null,
        counts: group.counts,
        people: group.people.map((line) => ({ person: PersonModel.from(line.person), access: line.access, reasons: line.reasons })),
      })),
    };
  }
}
