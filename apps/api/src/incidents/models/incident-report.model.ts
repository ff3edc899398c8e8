import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { IncidentReportEntity } from '@app/incidents/reports/incident-report.entity';
import { IncidentReportPurpose, IncidentReportStage, IncidentType, Sector, Severity } from '@app/platform/vocabulary';
import '../incident-enums';

/**
 * One submitted report, for the people who may read it (the reporter's side and the secretariat;
 * nobody else ever gets one). Built field by field from the entity, so a column added later does
 * not reach the schema by accident.
 */
@ObjectType('IncidentReport')
export class IncidentReportModel {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The incident this report is on (FIRST → FOLLOW_UP → FINAL).' })
  incidentId: string;
  @Field(() => IncidentReportStage) stage: IncidentReportStage;
  @Field(() => Int, { description: "The report's version of the incident: 1 for FIRST, then 2, 3, …" })
  sequence: number;
  @Field(() => ID, { nullable: true, description: 'The reporting organisation; null for an individual member.' })
  organisationId: string | null;
  @Field(() => ID) authorId: string;
  @Field(() => Date) detectedAt: Date;
  @Field() whatWasSeen: string;
  @Field() affectedService: string;
  @Field() contact: string;
  @Field(() => IncidentType, { nullable: true }) incidentType: IncidentType | null;
  @Field(() => [Sector]) sectorsAffected: Sector[];
  @Field(() => Boolean, { nullable: true, description: 'Null while the reporter does not know.' })
  personalDataInvolved: boolean | null;
  @Field(() => Severity, { nullable: true }) severity: Severity | null;
  @Field(() => Date, { nullable: true }) occurredAt: Date | null;
  @Field(() => String, { nullable: true }) impact: string | null;
  @Field(() => String, { nullable: true }) actionsTaken: string | null;
  @Field(() => [String]) indicators: string[];
  @Field(() => String, { nullable: true }) details: string | null;
  @Field(() => [IncidentReportPurpose]) permittedPurposes: IncidentReportPurpose[];
  @Field() consentToPolice: boolean;
  @Field(() => [ID], { description: 'Authorities the reporter allows in addition to those the routing rules require.' })
  permittedAuthorityIds: string[];
  @Field(() => Date) submittedAt: Date;

  static from(report: IncidentReportEntity): IncidentReportModel {
    return Object.assign(new IncidentReportModel(), {
      id: report.id,
      incidentId: report.incidentId,
      stage: report.stage,
      sequence: report.sequence,
      organisationId: report.organisationId,
      authorId: report.authorId,
      detectedAt: report.detectedAt,
      whatWasSeen: report.whatWasSeen,
      affectedService: report.affectedService,
      contact: report.contact,
      incidentType: report.incidentType,
      sectorsAffected: report.sectorsAffected,
      personalDataInvolved: report.personalDataInvolved,
      severity: report.severity,
      occurredAt: report.occurredAt,
      impact: report.impact,
      actionsTaken: report.actionsTaken,
      indicators: report.indicators,
      details: report.details,
      permittedPurposes: report.permittedPurposes,
      consentToPolice: report.consentToPolice,
      permittedAuthorityIds: report.permittedAuthorityIds,
      submittedAt: report.submittedAt,
    });
  }
}
