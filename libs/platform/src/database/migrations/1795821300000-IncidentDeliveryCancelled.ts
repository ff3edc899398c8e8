import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A delivery may end CANCELLED: the worker found, when its turn came, that the reporter had
 * withdrawn the consent its authority requires (libs/policy incident-routing-decision.ts,
 * mayStillDeliver). Hand-written; the CHECK keeps the vocabulary.
 */
export class IncidentDeliveryCancelled1795821300000 implements MigrationInterface {
  name = 'IncidentDeliveryCancelled1795821300000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "incident_deliveries" DROP CONSTRAINT "incident_deliveries_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "incident_deliveries" ADD CONSTRAINT "incident_deliveries_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`UPDATE "incident_deliveries" SET "status" = 'FAILED' WHERE "status" = 'CANCELLED'`);
    await queryRunner.query(`ALTER TABLE "incident_deliveries" DROP CONSTRAINT "incident_deliveries_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "incident_deliveries" ADD CONSTRAINT "incident_deliveries_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED'))`,
    );
  }
}
