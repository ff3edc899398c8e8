import { ArgsType, Field } from '@nestjs/graphql';
import { IsString, MaxLength } from 'class-validator';
import { MAX_PASSWORD_LENGTH } from '@app/identity/passwords/password-policy';
import { MAX_EMAIL_LENGTH } from '@app/membership/people/people.service';

/** Only lengths are checked: any other rule would answer differently from a wrong password. */
@ArgsType()
export class LoginArgs {
  @Field()
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH)
  email: string;

  @Field()
  @IsString()
  @MaxLength(MAX_PASSWORD_LENGTH)
  password: string;
}
