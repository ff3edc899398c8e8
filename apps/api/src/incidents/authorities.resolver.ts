import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { ReportingAuthorityService } from '@app/incidents/authorities/reporting-authority.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { UuidPipe } from '../graphql/uuid.pipe';
import { CreateReportingAuthorityInput, ReportingAuthoritiesArgs, UpdateReportingAuthorityInput } from './dto/authority.input';
import { ReportingAuthorityModel, ReportingAuthorityPayload } from './models/authority.model';

const ruleInput = (rules: CreateReportingAuthorityInput['routingRules']) =>
  rules.map((rule) => ({
    sectors: rule.sectors ?? [],
    incidentTypes: rule.incidentTypes ?? [],
    ...(rule.personalData ? { personalData: rule.personalData } : {}),
  }));

/** The one window's reporting authorities: the secretariat configures them; reporters list the active ones. */
@Resolver(() => ReportingAuthorityModel)
export class AuthoritiesResolver {
  constructor(private readonly authorities: ReportingAuthorityService) {}

  @Query(() => [ReportingAuthorityModel], {
    description:
      'The reporting authorities: for the secretariat every one with channel and rules; for everyone else the active ones (names, kind, consent) to choose from.',
  })
  async reportingAuthorities(
    @Args() args: ReportingAuthoritiesArgs,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<ReportingAuthorityModel[]> {
    return (await this.authorities.list(reader, args.includeInactive)).map((view) => ReportingAuthorityModel.from(view));
  }

  @Mutation(() => ReportingAuthorityPayload, { description: 'Secretariat only.' })
  async createReportingAuthority(
    @Args('input') input: CreateReportingAuthorityInput,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<ReportingAuthorityPayload> {
    const { authority, signingSecret } = await this.authorities.create(reader, { ...input, routingRules: ruleInput(input.routingRules) });
    return { authority: ReportingAuthorityModel.from(authority), signingSecret };
  }

  @Mutation(() => ReportingAuthorityPayload, {
    description: 'Secretariat only. Fields left out stay; routingRules given replace the list.',
  })
  async updateReportingAuthority(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @Args('input') input: UpdateReportingAuthorityInput,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<ReportingAuthorityPayload> {
    const { rotateSigningSecret, routingRules, ...patch } = input;
    const { authority, signingSecret } = await this.authorities.update(
      reader,
      id,
      { ...patch, routingRules: routingRules ? ruleInput(routingRules) : null },
      rotateSigningSecret === true,
    );
    return { authority: ReportingAuthorityModel.from(authority), signingSecret };
  }

  @Mutation(() => ReportingAuthorityModel, {
    description: 'Secretariat only: new reports no longer go to it (deliveries already made stay).',
  })
  async deactivateReportingAuthority(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<ReportingAuthorityModel> {
    return ReportingAuthorityModel.from(await this.authorities.setActive(reader, id, false));
  }

  @Mutation(() => ReportingAuthorityModel, { description: 'Secretariat only.' })
  async reactivateReportingAuthority(
    @Args('id', { type: () => ID }, UuidPipe) id: string,
    @CurrentPerson() reader: AuthenticatedPerson,
  ): Promise<ReportingAuthorityModel> {
    return ReportingAuthorityModel.from(await this.authorities.setActive(reader, id, true));
  }
}
