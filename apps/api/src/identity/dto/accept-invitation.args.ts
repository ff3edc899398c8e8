import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@app/identity/passwords/password-policy';

@ArgsType()
export class AcceptInvitationArgs {
  @Field()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  token: string;

  @Field({ description: `The password to set: ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters.` })
  @IsString()
  @MinLength(MIN_PASSWORD_LENGTH)
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}
