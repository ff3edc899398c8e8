import { Field, ID, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsEmail, IsEnum, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { Transform } from 'class-transformer';
import { MAX_DISPLAY_NAME_LENGTH, MAX_EMAIL_LENGTH } from '@app/membership/people/people.service';
import { MembershipTier, Role } from '@app/platform/vocabulary';

@InputType('CreatePersonInput')
export class CreatePersonInput {
  @Field({ description: 'Stored lower-cased; unique in the council.' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value))
  @IsString()
  @MaxLength(MAX_EMAIL_LENGTH)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email: string;

  @Field()
  @IsString()
  @MaxLength(MAX_DISPLAY_NAME_LENGTH)
  @Matches(/\S/, { message: 'displayName must not be blank' })
  displayName: string;

  @Field(() => ID, { nullable: true, description: 'Absent for an individual member (or secretariat staff and auditors).' })
  @IsOptional()
  @IsUUID('all', { message: 'organisationId must be a UUID' })
  organisationId?: string | null;

  @Field(() => MembershipTier, { nullable: true, description: 'Only for individual members.' })
  @IsOptional()
  @IsEnum(MembershipTier)
  individualTier?: MembershipTier | null;

  @Field(() => [Role])
  @IsEnum(Role, { each: true })
  @ArrayUnique({ message: '$property must not repeat a value' })
  @ArrayMaxSize(Object.keys(Role).length)
  roles: Role[];
}
