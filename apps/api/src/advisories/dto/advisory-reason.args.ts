import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsString } from 'class-validator';
import { ADVISORY_LIMITS } from '@app/advisories/lifecycle/advisory-limits';
import { MaxCharacters, NotBlank } from './max-characters';

/** rejectAdvisory / withdrawAdvisory: the reason is shown to the author (or to readers, on withdrawal). */
@ArgsType()
export class AdvisoryReasonArgs {
  // Not checked for shape: a malformed id is an advisory that does not exist (NOT_FOUND).
  @Field(() => ID)
  @IsString()
  id: string;

  @Field()
  @IsString()
  @NotBlank()
  @MaxCharacters(ADVISORY_LIMITS.reason)
  reason: string;
}
