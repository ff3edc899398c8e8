import { Field, ID, ObjectType } from '@nestjs/graphql';
import type { AlertEntity } from '@app/alerts/alerts/alert.entity';
import { Severity } from '@app/platform/vocabulary';

@ObjectType('Alert')
export class AlertModel {
  @Field(() => ID) id: string;
  @Field(() => Severity) severity: Severity;
  @Field(() => Date) createdAt: Date;
  @Field(() => Date, { nullable: true }) acknowledgedAt: Date | null;
  /** Resolved by AlertsResolver.advisory, through the policy as of now. */
  advisoryId: string;

  static from(entity: AlertEntity): AlertModel {
    return Object.assign(new AlertModel(), {
      id: entity.id,
      severity: entity.severity,
      createdAt: entity.createdAt,
      acknowledgedAt: entity.acknowledgedAt,
      advisoryId: entity.advisoryId,
    });
  }
}
