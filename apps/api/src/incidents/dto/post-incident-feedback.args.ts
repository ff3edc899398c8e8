import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString, IsUUID } from 'class-validator';
import { MAX_FEEDBACK_CHARACTERS } from '@app/incidents/feedback/incident-feedback.service';
import { MaxCharacters, NotBlank } from '../../advisories/dto/max-characters';

@ArgsType()
export class PostIncidentFeedbackArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'reportId must be a UUID' })
  reportId: string;

  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(MAX_FEEDBACK_CHARACTERS)
  body: string;
}
