import { Field, InputType } from '@nestjs/graphql';
import { ArrayMaxSize, ArrayUnique, IsBoolean, IsDate, IsEnum, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { MAX_NAME_LENGTH } from '@app/membership/organisations/organisation.service';
import { MembershipTier, OrganisationKind, Sector } from '@app/platform/vocabulary';

export const PREFECTURE_FORMAT = /^\d{2}$/;
export const MUNICIPALITY_FORMAT = /^\d{5}$/;

@InputType('CreateOrganisationInput')
export class CreateOrganisationInput {
  @Field()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name: string;

  @Field(() => OrganisationKind)
  @IsEnum(OrganisationKind)
  kind: OrganisationKind;

  @Field(() => MembershipTier)
  @IsEnum(MembershipTier)
  tier: MembershipTier;

  @Field(() => [Sector])
  @IsEnum(Sector, { each: true })
  @ArrayUnique({ message: '$property must not repeat a value' })
  @ArrayMaxSize(Object.keys(Sector).length)
  sectors: Sector[];

  @Field(() => String, { nullable: true, description: 'JIS X 0401 prefecture code, "01".."47"; null for a nationwide organisation.' })
  @IsOptional()
  @IsString()
  @Matches(PREFECTURE_FORMAT, { message: 'prefecture must be a two-digit prefecture code ("01".."47")' })
  prefecture?: string | null;

  @Field(() => String, { nullable: true, description: '5-digit JIS X 0402 code within the prefecture.' })
  @IsOptional()
  @IsString()
  @Matches(MUNICIPALITY_FORMAT, { message: 'municipality must be a 5-digit municipality code (JIS X 0402)' })
  municipality?: string | null;

  @Field()
  @IsBoolean()
  foreign: boolean;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  agreementExpiresAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  facilityClearanceExpiresAt?: Date | null;
}
