import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795599818813 implements MigrationInterface {
  name = 'Initial1795599818813';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "advisories" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "status" character varying(16) NOT NULL, "severity" character varying(16) NOT NULL, "originator_org_id" uuid, "author_id" uuid NOT NULL, "attributed" boolean NOT NULL, "version" integer NOT NULL DEFAULT '1', "full_classification" character varying(24) NOT NULL, "full_tlp" character varying(16) NOT NULL, "full_title" character varying(300) NOT NULL, "full_summary" character varying(4000) NOT NULL, "full_body" text, "full_recommended_actions" text array NOT NULL DEFAULT '{}', "full_indicators" text array NOT NULL DEFAULT '{}', "has_tear_line" boolean NOT NULL DEFAULT false, "tear_line_classification" character varying(24), "tear_line_tlp" character varying(16), "tear_line_title" character varying(300), "tear_line_summary" character varying(4000), "tear_line_recommended_actions" text array, "tear_line_release_to_non_member_lg" boolean NOT NULL DEFAULT false, "audience_tiers" text array NOT NULL DEFAULT '{}', "audience_sectors" text array NOT NULL DEFAULT '{}', "audience_regions" text array NOT NULL DEFAULT '{}', "audience_municipality_prefectures" text array NOT NULL DEFAULT '{}', "audience_organisation_ids" uuid array NOT NULL DEFAULT '{}', "audience_person_ids" uuid array NOT NULL DEFAULT '{}', "audience_no_foreign" boolean NOT NULL DEFAULT false, "rejection_reason" character varying(4000), "withdrawal_reason" character varying(4000), "submitted_at" TIMESTAMP WITH TIME ZONE, "published_at" TIMESTAMP WITH TIME ZONE, "withdrawn_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "sort_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_d7296456a2d94b0ec905412c5b2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_3a947bd48a0b6e3909425f80d7" ON "advisories"  ("originator_org_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_c582029274627ecadcf1019f04" ON "advisories"  ("author_id") `);
    await queryRunner.query(`CREATE INDEX "advisories_feed_order" ON "advisories"  ("sort_at", "id") `);
    await queryRunner.query(
      `CREATE TABLE "advisory_versions" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "advisory_id" uuid NOT NULL, "version" integer NOT NULL, "snapshot" jsonb NOT NULL, "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "advisory_versions_advisory_version" UNIQUE ("advisory_id", "version"), CONSTRAINT "PK_e8025548abf36bc56904813e8c1" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "widening_proposals" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "advisory_id" uuid NOT NULL, "base_version" integer NOT NULL, "changes" jsonb NOT NULL, "status" character varying(16) NOT NULL, "proposed_by_id" uuid NOT NULL, "decided_by_id" uuid, "decided_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_cc17f39268f198de3a38395a0f0" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9b3e29bc12729b3a4fadc75cd8" ON "widening_proposals"  ("advisory_id") `);
    await queryRunner.query(
      `CREATE TABLE "outbox_events" ("id" BIGSERIAL NOT NULL, "event" character varying(32) NOT NULL, "advisory_id" uuid NOT NULL, "advisory_version" integer NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "dispatched_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_6689a16c00d09b8089f6237f1d2" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "outbox_events_undispatched" ON "outbox_events"  ("id") WHERE dispatched_at IS NULL`);
    await queryRunner.query(
      `CREATE TABLE "access_log" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "person_id" uuid NOT NULL, "advisory_id" uuid NOT NULL, "advisory_version" integer NOT NULL, "classification" character varying(24) NOT NULL, CONSTRAINT "PK_bd09621fb73b42d9e32b85ae41f" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_d55ac62f353f458542b154b43f" ON "access_log"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_3093fc28f7618e5abe0a675d6b" ON "access_log"  ("person_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_fa6e00eb03f7b83626769ee4d9" ON "access_log"  ("advisory_id") `);
    await queryRunner.query(
      `CREATE TABLE "audit_log" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_id" uuid, "action" character varying(64) NOT NULL, "subject_type" character varying(32) NOT NULL, "subject_id" character varying(64) NOT NULL, "before" jsonb, "after" jsonb, "prev_hash" character varying(64) NOT NULL, "hash" character varying(64) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9ab67a467c6969ee1cf92f2c34" ON "audit_log"  ("occurred_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_5e5d6709adff929283732c0d12" ON "audit_log"  ("subject_id") `);
    await queryRunner.query(
      `CREATE TABLE "invitations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "token_hash" character varying(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "accepted_at" TIMESTAMP WITH TIME ZONE, "invited_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_5dec98cfdfd562e4ad3648bbb07" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_9ba94f1fd13d096727c5f409e5" ON "invitations"  ("person_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_872ac94a64b3d44fc4b554780c" ON "invitations"  ("token_hash") `);
    await queryRunner.query(
      `CREATE TABLE "organisations" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "kind" character varying(32) NOT NULL, "tier" character varying(16) NOT NULL, "sectors" text array NOT NULL DEFAULT '{}', "prefecture" character varying(2), "municipality" character varying(5), "foreign" boolean NOT NULL DEFAULT false, "active" boolean NOT NULL DEFAULT true, "agreement_expires_at" TIMESTAMP WITH TIME ZONE, "facility_clearance_expires_at" TIMESTAMP WITH TIME ZONE, "escalation_delay_seconds" integer NOT NULL DEFAULT '900', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_7bf54cba378d5b2f1d4c10ef4df" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "IDX_243a2d3d1ca8bfebe1b931b24b" ON "organisations"  ("prefecture") `);
    await queryRunner.query(
      `CREATE TABLE "persons" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(200) NOT NULL, "organisation_id" uuid, "individual_tier" character varying(16), "roles" text array NOT NULL DEFAULT '{}', "active" boolean NOT NULL DEFAULT true, "pledge_expires_at" TIMESTAMP WITH TIME ZONE, "clearance_level" character varying(8) NOT NULL DEFAULT 'NONE', "clearance_expires_at" TIMESTAMP WITH TIME ZONE, "clearance_suspended" boolean NOT NULL DEFAULT false, "password_hash" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_74278d8812a049233ce41440ac7" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "IDX_928155276ca8852f3c440cc2b2" ON "persons"  ("email") `);
    await queryRunner.query(`CREATE INDEX "IDX_a42de875e8bb090c68350e4c13" ON "persons"  ("organisation_id") `);
    await queryRunner.query(
      `ALTER TABLE "persons" ADD CONSTRAINT "FK_a42de875e8bb090c68350e4c138" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "persons" DROP CONSTRAINT "FK_a42de875e8bb090c68350e4c138"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_a42de875e8bb090c68350e4c13"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_928155276ca8852f3c440cc2b2"`);
    await queryRunner.query(`DROP TABLE "persons"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_243a2d3d1ca8bfebe1b931b24b"`);
    await queryRunner.query(`DROP TABLE "organisations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_872ac94a64b3d44fc4b554780c"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ba94f1fd13d096727c5f409e5"`);
    await queryRunner.query(`DROP TABLE "invitations"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_5e5d6709adff929283732c0d12"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9ab67a467c6969ee1cf92f2c34"`);
    await queryRunner.query(`DROP TABLE "audit_log"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_fa6e00eb03f7b83626769ee4d9"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3093fc28f7618e5abe0a675d6b"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_d55ac62f353f458542b154b43f"`);
    await queryRunner.query(`DROP TABLE "access_log"`);
    await queryRunner.query(`DROP INDEX "public"."outbox_events_undispatched"`);
    await queryRunner.query(`DROP TABLE "outbox_events"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_9b3e29bc12729b3a4fadc75cd8"`);
    await queryRunner.query(`DROP TABLE "widening_proposals"`);
    await queryRunner.query(`DROP TABLE "advisory_versions"`);
    await queryRunner.query(`DROP INDEX "public"."advisories_feed_order"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_c582029274627ecadcf1019f04"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_3a947bd48a0b6e3909425f80d7"`);
    await queryRunner.query(`DROP TABLE "advisories"`);
  }
}
