import { ArgsType, Field, InputType } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsEnum, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { MAX_ARMORED_KEY_CHARS } from '@app/alerts/email-security/openpgp-key';
import { MAX_RULES_PER_AUTHORITY } from '@app/incidents/authorities/routing-rule';
import { IncidentType, PersonalDataCondition, ReportingAuthorityKind, ReportingChannelKind, Sector } from '@app/platform/vocabulary';
import '../authority-enums';

@InputType('RoutingRuleInput')
export class RoutingRuleInput {
  @Field(() => [Sector], { nullable: true, description: 'Empty or left out: any sector.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEnum(Sector, { each: true })
  sectors?: Sector[] | null;

  @Field(() => [IncidentType], { nullable: true, description: 'Empty or left out: any incident type.' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(50)
  @IsEnum(IncidentType, { each: true })
  incidentTypes?: IncidentType[] | null;

  @Field(() => PersonalDataCondition, { nullable: true, description: 'Default ANY.' })
  @IsOptional()
  @IsEnum(PersonalDataCondition)
  personalData?: PersonalDataCondition | null;
}

@InputType('CreateReportingAuthorityInput')
export class CreateReportingAuthorityInput {
  @Field() @IsString() @MaxLength(200) nameJa: string;
  @Field() @IsString() @MaxLength(200) nameEn: string;
  @Field(() => ReportingAuthorityKind) @IsEnum(ReportingAuthorityKind) kind: ReportingAuthorityKind;
  @Field(() => ReportingChannelKind) @IsEnum(ReportingChannelKind) channelKind: ReportingChannelKind;

  @Field({ description: 'WEBHOOK: an https URL whose host resolves to public addresses only; EMAIL: an address.' })
  @IsString()
  @MaxLength(2048)
  target: string;

  @Field(() => Boolean, { nullable: true, description: "Default false; a POLICE authority always requires the reporter's consent." })
  @IsOptional()
  @IsBoolean()
  requiresReporterConsent?: boolean | null;

  @Field(() => String, {
    nullable: true,
    description:
      'EMAIL only: an armored OpenPGP public key; every report to the authority is then encrypted to it, never sent in plaintext.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ARMORED_KEY_CHARS)
  openPgpPublicKey?: string | null;

  @Field(() => [RoutingRuleInput], {
    description: "Any one matching rule makes a report due to this authority; [] only the reporter's choice.",
  })
  @IsArray()
  @ArrayMaxSize(MAX_RULES_PER_AUTHORITY)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleInput)
  routingRules: RoutingRuleInput[];
}

/** A field left out or null stays as it is; routingRules given replace the old list. */
@InputType('UpdateReportingAuthorityInput')
export class UpdateReportingAuthorityInput {
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) nameJa?: string | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(200) nameEn?: string | null;
  @Field(() => ReportingAuthorityKind, { nullable: true })
  @IsOptional()
  @IsEnum(ReportingAuthorityKind)
  kind?: ReportingAuthorityKind | null;
  @Field(() => ReportingChannelKind, { nullable: true })
  @IsOptional()
  @IsEnum(ReportingChannelKind)
  channelKind?: ReportingChannelKind | null;
  @Field(() => String, { nullable: true }) @IsOptional() @IsString() @MaxLength(2048) target?: string | null;
  @Field(() => Boolean, { nullable: true }) @IsOptional() @IsBoolean() requiresReporterConsent?: boolean | null;

  @Field(() => [RoutingRuleInput], { nullable: true })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_RULES_PER_AUTHORITY)
  @ValidateNested({ each: true })
  @Type(() => RoutingRuleInput)
  routingRules?: RoutingRuleInput[] | null;

  @Field(() => String, {
    nullable: true,
    description:
      'EMAIL only: an armored OpenPGP public key; every report to the authority is then encrypted to it, never sent in plaintext.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(MAX_ARMORED_KEY_CHARS)
  openPgpPublicKey?: string | null;

  @Field(() => Boolean, { nullable: true, description: "Removes an EMAIL authority's OpenPGP key." })
  @IsOptional()
  @IsBoolean()
  removeOpenPgpPublicKey?: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'A WEBHOOK authority gets a new signing secret (returned once).' })
  @IsOptional()
  @IsBoolean()
  rotateSigningSecret?: boolean | null;
}

@ArgsType()
export class ReportingAuthoritiesArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false, description: 'Secretariat only: also the deactivated ones.' })
  @IsOptional()
  @IsBoolean()
  includeInactive: boolean = false;
}
