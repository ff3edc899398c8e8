import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Push alerts (ALERTS.md): channels, one alert per person and event, one delivery per alert and
 * channel. Generated, then trimmed of the generator's proposals to drop the hand-written indexes
 * and CHECKs of ConstraintsAndIndexes; the CHECKs of the new tables are added by hand.
 */
export class Alerts1795601497305 implements MigrationInterface {
  name = 'Alerts1795601497305';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "alerts" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outbox_event_id" bigint NOT NULL, "person_id" uuid NOT NULL, "advisory_id" uuid NOT NULL, "event" character varying(32) NOT NULL, "severity" character varying(16) NOT NULL, "access" character varying(16) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "acknowledged_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "alerts_event_person_unique" UNIQUE ("outbox_event_id", "person_id"), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_4552633507b0523e3f2379339a" ON "alerts"  ("advisory_id") `);
    await queryRunner.query(`CREATE INDEX "alerts_person_created" ON "alerts"  ("person_id", "created_at") `);
    await queryRunner.query(
      `CREATE TABLE "alert_channels" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" character varying(16) NOT NULL, "target" character varying(2048), "min_severity" character varying(16) NOT NULL, "enabled" boolean NOT NULL DEFAULT true, "signing_secret_sealed" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_da89e9de0358309fb2ec1617e65" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "alert_channels_person_active" ON "alert_channels"  ("person_id") WHERE removed_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "alert_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "alert_id" uuid NOT NULL, "channel_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT '0', "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "alert_deliveries_alert_channel_unique" UNIQUE ("alert_id", "channel_id"), CONSTRAINT "PK_b3d51c95891264fb62df41582ad" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_b68bf9b4404d9c1469433f0a95" ON "alert_deliveries"  ("channel_id") `);
    await queryRunner.query(`CREATE INDEX "alert_deliveries_failed" ON "alert_deliveries"  ("status") WHERE status = 'FAILED'`);
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_1449bb8fab0119f538d48609689" FOREIGN KEY ("outbox_event_id") REFERENCES "outbox_events"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_fba0a6a3d4eb853128fb40c403b" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alerts" ADD CONSTRAINT "FK_4552633507b0523e3f2379339a8" FOREIGN KEY ("advisory_id") REFERENCES "advisories"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_channels" ADD CONSTRAINT "FK_964dc4076b2f482a3d9a56807ea" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "FK_a108eeb75805549672c45e4a5a9" FOREIGN KEY ("alert_id") REFERENCES "alerts"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await queryRunner.query(
      `ALTER TABLE "alert_deliveries" ADD CONSTRAINT "FK_b68bf9b4404d9c1469433f0a95b" FOREIGN KEY ("channel_id") REFERENCES "alert_channels"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    const checks: Array<[string, string, string]> = [
      ['alert_channels', 'alert_channels_kind_check', `kind IN ('IN_APP','WEBHOOK','EMAIL')`],
      ['alert_channels', 'alert_channels_min_severity_check', `min_severity IN ('INFO','LOW','MEDIUM','HIGH','CRITICAL')`],
      [
        'alert_channels',
        'alert_channels_target_check',
        `(kind = 'IN_APP' AND target IS NULL) OR (kind <> 'IN_APP' AND target IS NOT NULL)`,
      ],
      ['alert_channels', 'alert_channels_secret_check', `(kind = 'WEBHOOK') = (signing_secret_sealed IS NOT NULL)`],
      ['alerts', 'alerts_event_check', `event IN ('advisory.published','advisory.updated','advisory.withdrawn')`],
      ['alerts', 'alerts_severity_check', `severity IN ('INFO','LOW','MEDIUM','HIGH','CRITICAL')`],
      ['alerts', 'alerts_access_check', `access IN ('FULL','TEAR_LINE','METADATA_ONLY')`],
      ['alert_deliveries', 'alert_deliveries_status_check', `status IN ('PENDING','DELIVERED','FAILED')`],
    ];
    for (const [table, name, condition] of checks) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${condition})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "FK_b68bf9b4404d9c1469433f0a95b"`);
    await queryRunner.query(`ALTER TABLE "alert_deliveries" DROP CONSTRAINT "FK_a108eeb75805549672c45e4a5a9"`);
    await queryRunner.query(`ALTER TABLE "alert_channels" DROP CONSTRAINT "FK_964dc4076b2f482a3d9a56807ea"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_4552633507b0523e3f2379339a8"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_fba0a6a3d4eb853128fb40c403b"`);
    await queryRunner.query(`ALTER TABLE "alerts" DROP CONSTRAINT "FK_1449bb8fab0119f538d48609689"`);
    await queryRunner.query(`DROP INDEX "public"."alert_deliveries_failed"`);
    await queryRunner.query(`DROP TABLE "alert_deliveries"`);
    await queryRunner.query(`DROP INDEX "public"."alert_channels_person_active"`);
    await queryRunner.query(`DROP TABLE "alert_channels"`);
    await queryRunner.query(`DROP INDEX "public"."alerts_person_created"`);
    await queryRunner.query(`DROP TABLE "alerts"`);
  }
}
