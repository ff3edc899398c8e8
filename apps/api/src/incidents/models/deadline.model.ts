import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import type { FollowUpDeadlineSetting, FollowUpState, OverdueIncident } from '@app/incidents/deadlines/incident-deadline.service';
import { IncidentType } from '@app/platform/vocabulary';
import { IncidentReminderStatus } from '../authority-enums';

@ObjectType('IncidentFollowUpDeadline', { description: 'How long after a FIRST report a FOLLOW_UP or FINAL is expected.' })
export class IncidentFollowUpDeadlineModel {
  @Field(() => IncidentType, { nullable: true, description: 'Null: the default for every incident type without its own.' })
  incidentType: IncidentType | null;
  @Field(() => Int) followUpSeconds: number;
  @Field(() => Date, { nullable: true, description: 'Null: the built-in default (72 hours), never set.' }) updatedAt: Date | null;

  static from(setting: FollowUpDeadlineSetting): IncidentFollowUpDeadlineModel {
    return Object.assign(new IncidentFollowUpDeadlineModel(), setting);
  }
}

@ObjectType('OverdueIncidentReport', { description: 'A FIRST report whose follow-up time passed with no FOLLOW_UP or FINAL.' })
export class OverdueIncidentReportModel {
  @Field(() => ID) incidentId: string;
  @Field(() => ID, { description: 'The FIRST report.' }) reportId: string;
  @Field(() => ID, { nullable: true }) organisationId: string | null;
  @Field(() => String, { nullable: true }) organisationName: string | null;
  @Field(() => ID) authorId: string;
  @Field(() => IncidentType, { nullable: true }) incidentType: IncidentType | null;
  @Field(() => Date) submittedAt: Date;
  @Field(() => Date) dueAt: Date;
  @Field(() => IncidentReminderStatus, { nullable: true, description: 'Null: no reminder yet (the worker checks periodically).' })
  reminderStatus: IncidentReminderStatus | null;
  @Field(() => Date, { nullable: true }) remindedAt: Date | null;

  static from(row: OverdueIncident): OverdueIncidentReportModel {
    return Object.assign(new OverdueIncidentReportModel(), row);
  }
}

@ObjectType('IncidentFollowUp', { description: 'The follow-up expected after a FIRST report.' })
export class IncidentFollowUpModel {
  @Field(() => Date) dueAt: Date;
  @Field({ description: 'No FOLLOW_UP or FINAL yet and the due time has passed.' }) overdue: boolean;
  @Field({ description: 'A FOLLOW_UP or FINAL arrived.' }) followedUp: boolean;
  @Field(() => IncidentReminderStatus, { nullable: true }) reminderStatus: IncidentReminderStatus | null;
  @Field(() => Date, { nullable: true }) remindedAt: Date | null;

  static from(state: FollowUpState): IncidentFollowUpModel {
    return Object.assign(new IncidentFollowUpModel(), state);
  }
}
