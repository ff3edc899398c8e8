import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { IncidentCaseEntity } from '@app/incidents/cases/incident-case.entity';
import { IncidentReportStage, IncidentStatus } from '@app/platform/vocabulary';
import '../incident-enums';

/** An incident as its reporter's side and the secretariat see it: its state; `reports` lists them. */
@ObjectType('Incident')
export class IncidentModel {
  @Field(() => ID) id: string;
  @Field(() => IncidentStatus, { description: 'CLOSED once its FINAL report is in: no further reports.' })
  status: IncidentStatus;
  @Field(() => IncidentReportStage) latestStage: IncidentReportStage;
  @Field(() => Int) latestSequence: number;
  @Field(() => ID, { nullable: true }) organisationId: string | null;
  @Field(() => Date) openedAt: Date;
  @Field(() => Date) lastReportAt: Date;
  @Field(() => Date, { nullable: true }) closedAt: Date | null;

  static from(incident: IncidentCaseEntity): IncidentModel {
    return Object.assign(new IncidentModel(), {
      id: incident.id,
      status: incident.status,
      latestStage: incident.latestStage,
      latestSequence: incident.latestSequence,
      organisationId: incident.organisationId,
      openedAt: incident.openedAt,
      lastReportAt: incident.lastReportAt,
      closedAt: incident.closedAt,
    });
  }
}
