import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 13: every send re-evaluates its recipient at that moment (ACCESS-POLICY.md "Every other
 * path"); a delivery, or a whole digest, that its recipient may no longer receive is CANCELLED
 * instead of sent. Going down, cancelled rows become FAILED (the nearest older status: not sent).
 */
export class AlertDeliveryCancelled1795834000000 implements MigrationInterface {
  name = 'AlertDeliveryCancelled1795834000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "alert_deliveries_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_status_check" CHECK (status IN ('PENDING', 'DIGEST', 'DELIVERED', 'FAILED', 'CANCELLED'))`,
    );
    await queryRunner.query(`ALTER TABLE "alert_digests" DROP CONSTRAINT "alert_digests_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_status_check" CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_digests" DROP CONSTRAINT "alert_digests_status_check"`);
    await queryRunner.query(`UPDATE "alert_digests" SET status = 'FAILED' WHERE status = 'CANCELLED'`);
    await queryRunner.query(
      `ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_status_check" CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))`,
    );
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "alert_deliveries_status_check"`);
    await queryRunner.query(`UPDATE "alert_deliveries" SET status = 'FAILED' WHERE status = 'CANCELLED'`);
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_status_check" CHECK (status IN ('PENDING', 'DIGEST', 'DELIVERED', 'FAILED'))`,
    );
  }
}
