import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { IncidentErrors } from '@app/incidents/incident-errors';
import { IncidentReportQueryService } from '@app/incidents/reports/incident-report-query.service';
import { IncidentReportSubmissionService } from '@app/incidents/reports/incident-report-submission.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { IncidentFollowUpInput } from './dto/submit-incident-follow-up.input';
import { SubmitIncidentReportInput } from './dto/submit-incident-report.input';
import { IncidentReportModel } from './models/incident-report.model';

/** Submitting reports. Each mutation answers the new report as its author sees it. */
@Resolver(() => IncidentReportModel)
export class IncidentSubmissionResolver {
  constructor(
    private readonly submissions: IncidentReportSubmissionService,
    private readonly queries: IncidentReportQueryService,
  ) {}

  @Mutation(() => IncidentReportModel, {
    description:
      'A member reports a new incident: the FIRST report needs only whatWasSeen, detectedAt, affectedService and contact. ' +
      'It is delivered to every reporting authority it must reach.',
  })
  async submitIncidentReport(
    @Args('input') input: SubmitIncidentReportInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentReportModel> {
    return this.answer(person, await this.submissions.submitFirst(person, input));
  }

  @Mutation(() => IncidentReportModel, {
    description:
      'A FOLLOW_UP or the FINAL report on an open incident (the reporter, or an ORG_ADMIN/CISO of the reporting organisation). ' +
      'Fields left out keep their previous values; FINAL closes the incident.',
  })
  async submitIncidentFollowUp(
    @Args('incidentId', { type: () => ID }) incidentId: string,
    @Args('input') input: IncidentFollowUpInput,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentReportModel> {
    const { stage, ...change } = input;
    const id = await this.submissions.submitFollowUp(person, incidentId, stage, {
      ...change,
      whatWasSeen: change.whatWasSeen ?? undefined,
      detectedAt: change.detectedAt ?? undefined,
      affectedService: change.affectedService ?? undefined,
      contact: change.contact ?? undefined,
    });
    return this.answer(person, id);
  }

  private async answer(person: AuthenticatedPerson, reportId: string): Promise<IncidentReportModel> {
    const report = await this.queries.findVisible(person, reportId);
    if (!report) throw IncidentErrors.reportNotFound();
    return IncidentReportModel.from(report);
  }
}
