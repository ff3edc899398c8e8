import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6, one window: reporting authorities (with their routing rules), one delivery per report
 * and authority (the row is the outbox of its BullMQ job), the secretariat's follow-up deadlines
 * and one reminder per overdue incident. Hand-written; CHECKs keep the vocabulary.
 */
export class IncidentRouting1795720000000 implements MigrationInterface {
  name = 'IncidentRouting1795720000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "reporting_authorities" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name_ja" character varying(200) NOT NULL, "name_en" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "channel_kind" character varying(16) NOT NULL, "target" character varying(2048) NOT NULL, "signing_secret_sealed" text, "openpgp_public_key" text, "openpgp_fingerprint" character varying(64), "requires_reporter_consent" boolean NOT NULL DEFAULT false, "routing_rules" jsonb NOT NULL DEFAULT '[]', "active" boolean NOT NULL DEFAULT true, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "reporting_authorities_pkey" PRIMARY KEY ("id"), CONSTRAINT "reporting_authorities_kind_check" CHECK ("kind" IN ('SECTOR_MINISTRY', 'DATA_PROTECTION', 'POLICE', 'NCO', 'OTHER')), CONSTRAINT "reporting_authorities_channel_check" CHECK (("channel_kind" = 'WEBHOOK' AND "signing_secret_sealed" IS NOT NULL) OR ("channel_kind" = 'EMAIL' AND "signing_secret_sealed" IS NULL)), CONSTRAINT "reporting_authorities_openpgp_check" CHECK ("channel_kind" = 'EMAIL' OR "openpgp_public_key" IS NULL), CONSTRAINT "reporting_authorities_rules_check" CHECK (jsonb_typeof("routing_rules") = 'array'))`,
    );

    await queryRunner.query(
      `CREATE TABLE "incident_deliveries" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "incident_id" uuid NOT NULL, "authority_id" uuid NOT NULL, "stage" character varying(16) NOT NULL, "reason" character varying(16) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT 0, "last_error" text, "job_generation" integer NOT NULL DEFAULT 0, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "incident_deliveries_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_deliveries_report_authority_unique" UNIQUE ("report_id", "authority_id"), CONSTRAINT "incident_deliveries_report_fk" FOREIGN KEY ("report_id") REFERENCES "incident_reports"("id") ON DELETE CASCADE, CONSTRAINT "incident_deliveries_incident_fk" FOREIGN KEY ("incident_id") REFERENCES "incident_cases"("id") ON DELETE CASCADE, CONSTRAINT "incident_deliveries_authority_fk" FOREIGN KEY ("authority_id") REFERENCES "reporting_authorities"("id") ON DELETE RESTRICT, CONSTRAINT "incident_deliveries_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED')), CONSTRAINT "incident_deliveries_stage_check" CHECK ("stage" IN ('FIRST', 'FOLLOW_UP', 'FINAL')), CONSTRAINT "incident_deliveries_reason_check" CHECK ("reason" IN ('RULE', 'PERMITTED', 'EARLIER_REPORT')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_deliveries_undispatched" ON "incident_deliveries" ("created_at") WHERE dispatched_at IS NULL`,
    );
    await queryRunner.query(`CREATE INDEX "incident_deliveries_pending" ON "incident_deliveries" ("created_at") WHERE status = 'PENDING'`);
    await queryRunner.query(`CREATE INDEX "incident_deliveries_incident" ON "incident_deliveries" ("incident_id")`);
    await queryRunner.query(`CREATE INDEX "incident_deliveries_authority" ON "incident_deliveries" ("authority_id")`);

    await queryRunner.query(
      `CREATE TABLE "incident_follow_up_deadlines" ("scope" character varying(32) NOT NULL, "follow_up_seconds" integer NOT NULL, "updated_by_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "incident_follow_up_deadlines_pkey" PRIMARY KEY ("scope"), CONSTRAINT "incident_follow_up_deadlines_updated_by_fk" FOREIGN KEY ("updated_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT, CONSTRAINT "incident_follow_up_deadlines_seconds_check" CHECK ("follow_up_seconds" > 0))`,
    );

    await queryRunner.query(
      `CREATE TABLE "incident_follow_up_reminders" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "report_id" uuid NOT NULL, "person_id" uuid NOT NULL, "due_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'PENDING', "attempts" integer NOT NULL DEFAULT 0, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE, "delivered_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "incident_follow_up_reminders_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_follow_up_reminders_incident_unique" UNIQUE ("incident_id"), CONSTRAINT "incident_follow_up_reminders_incident_fk" FOREIGN KEY ("incident_id") REFERENCES "incident_cases"("id") ON DELETE CASCADE, CONSTRAINT "incident_follow_up_reminders_report_fk" FOREIGN KEY ("report_id") REFERENCES "incident_reports"("id") ON DELETE CASCADE, CONSTRAINT "incident_follow_up_reminders_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE, CONSTRAINT "incident_follow_up_reminders_status_check" CHECK ("status" IN ('PENDING', 'DELIVERED', 'FAILED', 'CANCELLED')))`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_follow_up_reminders_undispatched" ON "incident_follow_up_reminders" ("created_at") WHERE dispatched_at IS NULL`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "incident_follow_up_reminders"`);
    await queryRunner.query(`DROP TABLE "incident_follow_up_deadlines"`);
    await queryRunner.query(`DROP TABLE "incident_deliveries"`);
    await queryRunner.query(`DROP TABLE "reporting_authorities"`);
  }
}
