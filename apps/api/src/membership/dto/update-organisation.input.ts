import { Field, InputType, Int } from '@nestjs/graphql';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsBoolean,
  IsDate,
  IsEnum,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { MAX_NAME_LENGTH } from '@app/membership/organisations/organisation.service';
import { MembershipTier, Sector } from '@app/platform/vocabulary';
import { MUNICIPALITY_FORMAT, PREFECTURE_FORMAT } from './create-organisation.input';

/** Present unless the field is absent: an explicit null is checked (and refused) like any value. */
const Given = () => ValidateIf((_object: unknown, value: unknown) => value !== undefined);

/**
 * Absent fields stay as they are. `null` clears prefecture, municipality and the two expiries;
 * the other fields cannot be null. Setting `active: false` deactivates the organisation.
 */
@InputType('UpdateOrganisationInput')
export class UpdateOrganisationInput {
  @Field({ nullable: true })
  @Given()
  @IsString()
  @MaxLength(MAX_NAME_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @Field(() => MembershipTier, { nullable: true })
  @Given()
  @IsEnum(MembershipTier)
  tier?: MembershipTier;

  @Field(() => [Sector], { nullable: true })
  @Given()
  @IsEnum(Sector, { each: true })
  @ArrayUnique({ message: '$property must not repeat a value' })
  @ArrayMaxSize(Object.keys(Sector).length)
  sectors?: Sector[];

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(PREFECTURE_FORMAT, { message: 'prefecture must be a two-digit prefecture code ("01".."47")' })
  prefecture?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @Matches(MUNICIPALITY_FORMAT, { message: 'municipality must be a 5-digit municipality code (JIS X 0402)' })
  municipality?: string | null;

  @Field({ nullable: true })
  @Given()
  @IsBoolean()
  foreign?: boolean;

  @Field({ nullable: true })
  @Given()
  @IsBoolean()
  active?: boolean;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  agreementExpiresAt?: Date | null;

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate({ message: '$property must be a date-time (ISO 8601, e.g. 2030-03-31T00:00:00Z)' })
  facilityClearanceExpiresAt?: Date | null;

  @Field(() => Int, {
    nullable: true,
    description:
      "Seconds an unacknowledged CRITICAL alert waits before it escalates to the organisation's other CISO and ORG_ADMIN people (default 900).",
  })
  @Given()
  @IsInt()
  @Min(60)
  @Max(86_400)
  escalationDelaySeconds?: number;
}
