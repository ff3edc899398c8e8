import { Field, ID, InputType } from '@nestjs/graphql';
import { IsArray, IsBoolean, IsEnum, IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { MEMBER_TIERS, MembershipTier, Sector } from '@app/platform/vocabulary';

/**
 * Who an advisory is for. On create, a list left out is empty (no restriction); on update and in a
 * widening proposal, a list left out stays as it is and a list given replaces it.
 */
@InputType('AudienceInput')
export class AudienceInput {
  @Field(() => [MembershipTier], { nullable: true, description: 'CLASS_1, CLASS_2, GENERAL; empty = all three.' })
  @IsOptional()
  @IsArray()
  @IsIn(MEMBER_TIERS, { each: true, message: 'each tier must be CLASS_1, CLASS_2 or GENERAL' })
  tiers?: MembershipTier[] | null;

  @Field(() => [Sector], { nullable: true, description: 'Empty = every sector.' })
  @IsOptional()
  @IsArray()
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [String], { nullable: true, description: 'Prefecture ("13") or municipality ("13101") codes; empty = nationwide.' })
  @IsOptional()
  @IsArray()
  @Matches(/^\d{2}(\d{3})?$/, { each: true, message: 'each region must be a 2-digit prefecture or 5-digit municipality code' })
  regions?: string[] | null;

  @Field(() => [ID], { nullable: true })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, message: 'each organisation id must be a UUID' })
  organisationIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Required (non-empty) for TLP RED.' })
  @IsOptional()
  @IsArray()
  @IsUUID('all', { each: true, message: 'each person id must be a UUID' })
  personIds?: string[] | null;

  @Field(() => Boolean, { nullable: true })
  @IsOptional()
  @IsBoolean()
  noForeign?: boolean | null;
}
