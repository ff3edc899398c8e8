import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { FeedbackMessageView } from '@app/incidents/feedback/incident-feedback.service';

@ObjectType('IncidentFeedbackMessage')
export class IncidentFeedbackMessageModel {
  @Field(() => ID) id: string;
  @Field() body: string;
  @Field(() => Date) createdAt: Date;
  @Field({ description: 'Written by the secretariat.' }) fromSecretariat: boolean;
  @Field({ description: '"Secretariat" for the secretariat\'s messages (unless you are the secretariat); else the author\'s name.' })
  authorName: string;
  @Field(() => ID, { nullable: true, description: 'Null where the name is withheld.' })
  authorId: string | null;

  static from(view: FeedbackMessageView): IncidentFeedbackMessageModel {
    return Object.assign(new IncidentFeedbackMessageModel(), view);
  }
}
