import { ArgsType, Field, ID } from '@nestjs/graphql';
import { IsDate, IsEnum, IsUUID } from 'class-validator';
import { ClearanceLevel } from '@app/platform/vocabulary';

@ArgsType()
export class GrantClearanceArgs {
  @Field(() => ID)
  @IsUUID('all', { message: 'personId must be a UUID' })
  personId: string;

  @Field(() => ClearanceLevel)
  @IsEnum(ClearanceLevel)
  level: ClearanceLevel;

  @Field(() => Date, { description: 'Must be in the future.' })
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  expiresAt: Date;
}
