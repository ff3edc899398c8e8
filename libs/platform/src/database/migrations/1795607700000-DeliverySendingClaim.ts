import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7: the per-delivery sending claim. `sending_by` names the worker process that is sending
 * a delivery right now and `sending_until` when its lease ends (renewed while the send lasts), so
 * that a second process (a stalled job re-run after a Redis restart, a job the reconciler re-added)
 * does not POST a delivery another live process is POSTing. A killed process's claim simply expires.
 */
export class DeliverySendingClaim1795607700000 implements MigrationInterface {
  name = 'DeliverySendingClaim1795607700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_deliveries" ADD "sending_by" uuid`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" ADD "sending_until" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP COLUMN "sending_until"`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP COLUMN "sending_by"`);
  }
}
