import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 4, "Each person chooses what reaches them" and storm control: channel sector/region filters
 * and digest flag, the daily digests, DIGEST deliveries, CAPPED alerts, coalesced update events.
 * Generated, then trimmed to these tables; alert_deliveries_status_check is replaced by hand to
 * allow DIGEST.
 */
export class AlertPreferencesAndStormControl1795603642366 implements MigrationInterface {
  name = 'AlertPreferencesAndStormControl1795603642366';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alert_digests" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "channel_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_9a48d260ac42a724ad6b4a3fb18" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3e9c1df0506ca5277900628cc6" ON "alert_digests"  ("channel_id") `);
    await queryRunner.query(`CREATE INDEX "alert_digests_pending" ON "alert_digests"  ("created_at") WHERE status = 'PENDING'`);
    await queryRunner.query(
      `ALTER TABLE "alert_digests" ADD CONSTRAINT "alert_digests_status_check" CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))`,
    );
    await queryRunner.query(`ALTER TABLE "outbox_events" ADD "coalesced_into" bigint`);
    await queryRunner.query(`ALTER TABLE "alerts" ADD "suppressed" character varying(16)`);
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "alerts_suppressed_check" CHECK (suppressed IS NULL OR suppressed = 'CAPPED')`,
    );
    await queryRunner.query(`ALTER TABLE "alert_channels" ADD "sectors" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "alert_channels" ADD "regions" text array NOT NULL DEFAULT '{}'`);
    await queryRunner.query(`ALTER TABLE "alert_channels" ADD "digest" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" ADD "digest_id" uuid`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "alert_deliveries_status_check"`);
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_status_check" CHECK (status IN ('PENDING', 'DIGEST', 'DELIVERED', 'FAILED'))`,
    );
    await queryRunner.query(`CREATE INDEX "alert_deliveries_digest" ON "alert_deliveries"  ("digest_id") WHERE digest_id IS NOT NULL`);
    await queryRunner.query(
      `CREATE INDEX "alert_deliveries_awaiting_digest" ON "alert_deliveries"  ("channel_id") WHERE status = 'DIGEST' AND digest_id IS NULL`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_digests" ADD CONSTRAINT "FK_3e9c1df0506ca5277900628cc64" FOREIGN KEY ("channel_id") REFERENCES "alert_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_digests" DROP CONSTRAINT "FK_3e9c1df0506ca5277900628cc64"`);
    await queryRunner.query(`DROP INDEX "public"."alert_deliveries_awaiting_digest"`);
    await queryRunner.query(`DROP INDEX "public"."alert_deliveries_digest"`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "alert_deliveries_status_check"`);
    await queryRunner.query(`UPDATE "alert_deliveries" SET status = 'PENDING' WHERE status = 'DIGEST'`);
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "alert_deliveries_status_check" CHECK (status IN ('PENDING', 'DELIVERED', 'FAILED'))`,
    );
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP COLUMN "digest_id"`);
    await queryRunner.query(`ALTER TABLE "alert_channels" DROP COLUMN "digest"`);
    await queryRunner.query(`ALTER TABLE "alert_channels" DROP COLUMN "regions"`);
    await queryRunner.query(`ALTER TABLE "alert_channels" DROP COLUMN "sectors"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "alerts_suppressed_check"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP COLUMN "suppressed"`);
    await queryRunner.query(`ALTER TABLE "outbox_events" DROP COLUMN "coalesced_into"`);
    await queryRunner.query(`DROP INDEX "public"."alert_digests_pending"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3e9c1df0506ca5277900628cc6"`);
    await queryRunner.query(`DROP TABLE "alert_digests"`);
  }
}
