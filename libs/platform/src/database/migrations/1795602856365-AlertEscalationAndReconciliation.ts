import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Escalation of unacknowledged CRITICAL alerts (ALERTS.md "Urgency") and the relay's reconciler.
 * - alerts.escalated_at: when an alert escalated (once); alerts.escalation_of: on an escalation
 *   alert, the colleague's alert that escalated to this person.
 * - outbox_events.escalation_of: one 'alert.escalated' row per escalated advisory event, under
 *   which that event's escalation alerts are unique per person; outbox_events.fanned_out_at: the
 *   fan-out finished (rows without it are re-added by the reconciler). Rows already dispatched
 *   before this migration count as fanned out.
 * Generated, then trimmed of the generator's proposals to drop the hand-written indexes and CHECKs
 * of earlier migrations.
 */
export class AlertEscalationAndReconciliation1795602856365 implements MigrationInterface {
  name = 'AlertEscalationAndReconciliation1795602856365';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "fanned_out_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "escalation_of" bigint`);
    await queryRunner.query(`ALTER TABLE "alerts" ADD "escalated_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`ALTER TABLE "alerts" ADD "escalation_of" uuid`);
    await queryRunner.query(`UPDATE "outbox_events" SET "fanned_out_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX "outbox_events_escalation_of_unique" ON "outbox_events"  ("escalation_of") WHERE escalation_of IS NOT NULL`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_events_not_fanned_out" ON "outbox_events"  ("id") WHERE fanned_out_at IS NULL`);
    await queryRunner.query(`CREATE INDEX "alerts_escalation_of" ON "alerts"  ("escalation_of") WHERE escalation_of IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "alert_deliveries_pending_created" ON "alert_deliveries"  ("created_at") WHERE status = 'PENDING'`,
    );
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_97376983e76e96b0087a5a630f4" FOREIGN KEY ("escalation_of") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "FK_14d493f3b76bab23a81049ff674" FOREIGN KEY ("escalation_of") REFERENCES "outbox_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "outbox_events" ADD CONSTRAINT "outbox_events_escalation_check" CHECK ((event = 'alert.escalated') = (escalation_of IS NOT NULL))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "outbox_events_escalation_check"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP CONSTRAINT "FK_14d493f3b76bab23a81049ff674"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_97376983e76e96b0087a5a630f4"`);
    await queryRunner.query(`DROP INDEX "public"."alert_deliveries_pending_created"`);
    await queryRunner.query(`DROP INDEX "public"."alerts_escalation_of"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_not_fanned_out"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_escalation_of_unique"`);
    await queryRunner.query(`DELETE FROM "alerts" WHERE "escalation_of" IS NOT NULL`);
    await queryRunner.query(`DELETE FROM "outbox_events" WHERE "escalation_of" IS NOT NULL`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP COLUMN "escalation_of"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP COLUMN "escalated_at"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP COLUMN "escalation_of"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP COLUMN "fanned_out_at"`);
  }
}
