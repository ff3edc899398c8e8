import { Args, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { IncidentCampaignService } from '@app/incidents/campaigns/incident-campaign.service';
import { IncidentReportQueryService } from '@app/incidents/reports/incident-report-query.service';
import { AdvisoryDerivationService } from '@app/incidents/triage/advisory-derivation.service';
import { toContent } from '../advisories/dto/advisory-input.mapper';
import { AdvisoryModel } from '../advisories/models/advisory.model';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { DeriveAdvisoryDraftInput } from './dto/derive-advisory-draft.input';
import { CreateIncidentCampaignInput } from './dto/incident-campaign.input';
import { LinkIncidentReportsArgs } from './dto/link-incident-reports.args';
import { IncidentCampaignModel } from './models/incident-campaign.model';
import { IncidentReportModel } from './models/incident-report.model';

/** The secretariat's triage: campaigns linking reports, and advisories derived from reports. */
@Resolver(() => IncidentCampaignModel)
export class IncidentTriageResolver {
  constructor(
    private readonly campaigns: IncidentCampaignService,
    private readonly reportQueries: IncidentReportQueryService,
    private readonly derivation: AdvisoryDerivationService,
  ) {}

  @Query(() => [IncidentCampaignModel], { description: 'Secretariat only.' })
  async incidentCampaigns(@CurrentPerson() person: AuthenticatedPerson): Promise<IncidentCampaignModel[]> {
    return (await this.campaigns.list(person)).map((view) => IncidentCampaignModel.from(view));
  }

  @Query(() => IncidentCampaignModel, { nullable: true, description: 'Secretariat only.' })
  async incidentCampaign(
    @Args('id', { type: () => ID }) id: string,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentCampaignModel | null> {
    const campaign = await this.campaigns.get(person, id);
    return campaign ? IncidentCampaignModel.from(campaign) : null;
  }

  @ResolveField(() => [IncidentReportModel])
  async reports(@Parent() campaign: IncidentCampaignModel, @CurrentPerson() person: AuthenticatedPerson): Promise<IncidentReportModel[]> {
    const ids = await this.campaigns.reportIds(person, campaign.id);
    return (await this.reportQueries.findVisibleMany(person, ids)).map((view) => IncidentReportModel.from(view));
  }

  @Mutation(() => IncidentCampaignModel, { description: 'Secretariat only.' })
  async createIncidentCampaign(
    @Args('input') input: CreateIncidentCampaignInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentCampaignModel> {
    return IncidentCampaignModel.from(await this.campaigns.create(person, input));
  }

  @Mutation(() => IncidentCampaignModel, { description: 'Secretariat only: links reports into a campaign (links already there stay).' })
  async linkIncidentReports(
    @Args() args: LinkIncidentReportsArgs,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentCampaignModel> {
    return IncidentCampaignModel.from(await this.campaigns.link(person, args.campaignId, args.reportIds));
  }

  @Mutation(() => IncidentCampaignModel, { description: 'Secretariat only.' })
  async unlinkIncidentReports(
    @Args() args: LinkIncidentReportsArgs,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentCampaignModel> {
    return IncidentCampaignModel.from(await this.campaigns.unlink(person, args.campaignId, args.reportIds));
  }

  @Mutation(() => AdvisoryModel, {
    description:
      'Secretariat only: a DRAFT advisory derived from reports whose reporters allowed SHARING_AFTER_SANITISING. The content is ' +
      'written by hand; it must not name a reporter, and the advisory is unattributed unless attributed is true. It then ' +
      'follows the normal moderation flow (submitAdvisory, approveAdvisory by another secretariat person).',
  })
  async deriveAdvisoryDraftFromReports(
    @Args('input') input: DeriveAdvisoryDraftInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<AdvisoryModel> {
    const content = toContent({
      severity: input.severity,
      attributed: input.attributed ?? false,
      full: input.full,
      tearLine: input.tearLine,
      audience: input.audience,
    });
    return AdvisoryModel.fromView(await this.derivation.derive(person, input.reportIds, content));
  }
}
