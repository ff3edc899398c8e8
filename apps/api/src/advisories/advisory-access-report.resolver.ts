import { Args, ID, Int, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { AdvisoryAccessReportService, type OrganisationAccessGroup } from '@app/advisories/access-report/advisory-access-report.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { inputProblem } from '@app/platform/errors/input-problem';
import { decodeCursor, encodeCursor } from '../graphql/id-cursor';
import { OrganisationModel } from '../membership/models/organisation.model';
import { PersonModel } from '../membership/models/person.model';
import { AdvisoryAccessReportModel, OrganisationAccessModel, OrganisationAccessPageModel } from './models/advisory-access-report.model';

const PAGE_LIST = 'organisationPage';
const MAX_ORGANISATIONS_PER_PAGE = 200;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A page position is the last organisation's id and name: "<uuid>:<name>". */
const isPosition = (value: string): boolean => UUID.test(value.slice(0, 36)) && value[36] === ':';

function toModel(group: OrganisationAccessGroup): OrganisationAccessModel {
  return {
    organisation: group.organisation ? OrganisationModel.from(group.organisation) : null,
    counts: group.counts,
    people: group.people.map((line) => ({ person: PersonModel.from(line.person), access: line.access, reasons: line.reasons })),
  };
}

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
    const summary = await this.reports.summary(reader, id);
    if (!summary) return null;
    return { advisoryId: summary.advisory.id, counts: summary.counts, summary };
  }

  @ResolveField(() => [OrganisationAccessModel], {
    description: 'Every organisation with its people (people without an organisation first). At national scale prefer organisationPage.',
  })
  async organisations(@Parent() report: AdvisoryAccessReportModel): Promise<OrganisationAccessModel[]> {
    const { groups } = await this.reports.organisationGroups(report.summary);
    return groups.map(toModel);
  }

  @ResolveField(() => OrganisationAccessPageModel, {
    description: `One page of organisations in name order, each with its people and their reasons; the first page also holds the people without an organisation. At most ${MAX_ORGANISATIONS_PER_PAGE} organisations a page.`,
  })
  async organisationPage(
    @Parent() report: AdvisoryAccessReportModel,
    @Args('first', { type: () => Int, defaultValue: 50 }) first: number,
    @Args('after', { type: () => String, nullable: true }) after: string | null,
  ): Promise<OrganisationAccessPageModel> {
    const position = decodeCursor(PAGE_LIST, after, isPosition);
    if (!Number.isInteger(first) || first < 1 || first > MAX_ORGANISATIONS_PER_PAGE) {
      throw inputProblem('first', `must be between 1 and ${MAX_ORGANISATIONS_PER_PAGE}`);
    }
    const page = await this.reports.organisationGroups(report.summary, {
      first,
      after: position ? { id: position.slice(0, 36), name: position.slice(37) } : null,
    });
    return {
      items: page.groups.map(toModel),
      pageInfo: {
        hasNextPage: page.hasNextPage,
        endCursor: page.end ? encodeCursor(PAGE_LIST, `${page.end.id}:${page.end.name}`) : null,
      },
    };
  }
}
