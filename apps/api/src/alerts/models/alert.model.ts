import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AlertEntity } from '@app/alerts/alerts/alert.entity';
import { Severity } from '@app/platform/vocabulary';

@ObjectType('Alert')
export class AlertModel {
  @Field(() => ID) id: string;
  @Field(() => Severity) severity: Severity;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  @Field(() => Date, {
    nullable: true,
    description:
      "A CRITICAL alert left unacknowledged past the organisation's escalation delay: when it escalated to the organisation's other CISO and ORG_ADMIN people.",
  })
  escalatedAt: Date | null;
  @Field(() => Boolean, { description: "This alert reached you as an escalation of a colleague's unacknowledged CRITICAL alert." })
  escalation: boolean;
  /** Resolved by AlertsResolver.advisory, through the policy as of now. */
  advisoryId: string;

  static from(entity: AlertEntity): AlertModel {
    return Object.assign(new AlertModel(), {
      id: entity.id,
      severity: entity.severity,
      createdAt: entity.createdAt,
      acknowledgedAt: entity.acknowledgedAt,
      escalatedAt: entity.escalatedAt,
      escalation: entity.escalationOf !== null,
      advisoryId: entity.advisoryId,
    });
  }
}
