import { Args, Mutation, Resolver } from '@nestjs/graphql';
import { IncidentFeedbackService } from '@app/incidents/feedback/incident-feedback.service';
import { CurrentPerson } from '../auth/current-person.decorator';
import type { AuthenticatedPerson } from '../auth/request-context';
import { PostIncidentFeedbackArgs } from './dto/post-incident-feedback.args';
import { IncidentFeedbackMessageModel } from './models/incident-feedback-message.model';

@Resolver(() => IncidentFeedbackMessageModel)
export class IncidentFeedbackResolver {
  constructor(private readonly feedback: IncidentFeedbackService) {}

  @Mutation(() => IncidentFeedbackMessageModel, {
    description: "A message in a report's feedback thread: the reporting organisation's people with access, or the secretariat.",
  })
  async postIncidentFeedback(
    @Args() args: PostIncidentFeedbackArgs,
    @CurrentPerson() person: AuthenticatedPerson,
  ): Promise<IncidentFeedbackMessageModel> {
    return IncidentFeedbackMessageModel.from(await this.feedback.post(person, args.reportId, args.body));
  }
}
