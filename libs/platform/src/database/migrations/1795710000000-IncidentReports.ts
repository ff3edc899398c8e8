import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 6: incident reports (FIRST → FOLLOW_UP → FINAL on one incident), their feedback threads,
 * the secretariat's campaigns and the reports an advisory was derived from. Hand-written; the
 * CHECKs keep the vocabulary and the stage/sequence rules in the database too.
 */
export class IncidentReports1795710000000 implements MigrationInterface {
  name = 'IncidentReports1795710000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "incident_cases" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid, "opened_by_id" uuid NOT NULL, "status" character varying(16) NOT NULL, "latest_stage" character varying(16) NOT NULL, "latest_sequence" integer NOT NULL, "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL, "last_report_at" TIMESTAMP WITH TIME ZONE NOT NULL, "closed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incident_cases_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_cases_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT, CONSTRAINT "incident_cases_opened_by_fk" FOREIGN KEY ("opened_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(`CREATE INDEX "incident_cases_organisation" ON "incident_cases" ("organisation_id", "last_report_at")`);
    await queryRunner.query(`CREATE INDEX "incident_cases_opened_by" ON "incident_cases" ("opened_by_id")`);

    await queryRunner.query(
      `CREATE TABLE "incident_reports" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "incident_id" uuid NOT NULL, "stage" character varying(16) NOT NULL, "sequence" integer NOT NULL, "organisation_id" uuid, "author_id" uuid NOT NULL, "detected_at" TIMESTAMP WITH TIME ZONE NOT NULL, "what_was_seen" character varying(4000) NOT NULL, "affected_service" character varying(300) NOT NULL, "contact" character varying(300) NOT NULL, "incident_type" character varying(32), "sectors_affected" text array NOT NULL DEFAULT '{}', "personal_data_involved" boolean, "severity" character varying(16), "occurred_at" TIMESTAMP WITH TIME ZONE, "impact" character varying(4000), "actions_taken" character varying(4000), "indicators" text array NOT NULL DEFAULT '{}', "details" text, "permitted_purposes" text array NOT NULL DEFAULT '{}', "consent_to_police" boolean NOT NULL DEFAULT false, "permitted_authority_ids" uuid array NOT NULL DEFAULT '{}', "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incident_reports_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_reports_incident_sequence_unique" UNIQUE ("incident_id", "sequence"), CONSTRAINT "incident_reports_incident_fk" FOREIGN KEY ("incident_id") REFERENCES "incident_cases"("id") ON DELETE RESTRICT, CONSTRAINT "incident_reports_organisation_fk" FOREIGN KEY ("organisation_id") REFERENCES "organisations"("id") ON DELETE RESTRICT, CONSTRAINT "incident_reports_author_fk" FOREIGN KEY ("author_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_reports_organisation_submitted" ON "incident_reports" ("organisation_id", "submitted_at")`,
    );
    await queryRunner.query(`CREATE INDEX "incident_reports_author_submitted" ON "incident_reports" ("author_id", "submitted_at")`);
    await queryRunner.query(`CREATE INDEX "incident_reports_submitted" ON "incident_reports" ("submitted_at", "id")`);

    await queryRunner.query(
      `CREATE TABLE "incident_feedback_messages" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "author_id" uuid NOT NULL, "from_secretariat" boolean NOT NULL, "body" character varying(4000) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "incident_feedback_messages_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_feedback_messages_report_fk" FOREIGN KEY ("report_id") REFERENCES "incident_reports"("id") ON DELETE CASCADE, CONSTRAINT "incident_feedback_messages_author_fk" FOREIGN KEY ("author_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(
      `CREATE INDEX "incident_feedback_messages_report_created" ON "incident_feedback_messages" ("report_id", "created_at")`,
    );

    await queryRunner.query(
      `CREATE TABLE "incident_campaigns" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(200) NOT NULL, "description" character varying(4000), "created_by_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "incident_campaigns_pkey" PRIMARY KEY ("id"), CONSTRAINT "incident_campaigns_created_by_fk" FOREIGN KEY ("created_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(
      `CREATE TABLE "incident_campaign_reports" ("campaign_id" uuid NOT NULL, "report_id" uuid NOT NULL, "linked_by_id" uuid NOT NULL, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "incident_campaign_reports_pkey" PRIMARY KEY ("campaign_id", "report_id"), CONSTRAINT "incident_campaign_reports_campaign_fk" FOREIGN KEY ("campaign_id") REFERENCES "incident_campaigns"("id") ON DELETE CASCADE, CONSTRAINT "incident_campaign_reports_report_fk" FOREIGN KEY ("report_id") REFERENCES "incident_reports"("id") ON DELETE CASCADE, CONSTRAINT "incident_campaign_reports_linked_by_fk" FOREIGN KEY ("linked_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(`CREATE INDEX "incident_campaign_reports_report" ON "incident_campaign_reports" ("report_id")`);

    await queryRunner.query(
      `CREATE TABLE "incident_report_advisories" ("report_id" uuid NOT NULL, "advisory_id" uuid NOT NULL, "derived_by_id" uuid NOT NULL, "derived_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "incident_report_advisories_pkey" PRIMARY KEY ("report_id", "advisory_id"), CONSTRAINT "incident_report_advisories_report_fk" FOREIGN KEY ("report_id") REFERENCES "incident_reports"("id") ON DELETE CASCADE, CONSTRAINT "incident_report_advisories_advisory_fk" FOREIGN KEY ("advisory_id") REFERENCES "advisories"("id") ON DELETE CASCADE, CONSTRAINT "incident_report_advisories_derived_by_fk" FOREIGN KEY ("derived_by_id") REFERENCES "persons"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(`CREATE INDEX "incident_report_advisories_advisory" ON "incident_report_advisories" ("advisory_id")`);

    const stages = `'FIRST','FOLLOW_UP','FINAL'`;
    const checks: Array<[string, string, string]> = [
      ['incident_cases', 'incident_cases_status_check', `status IN ('OPEN','CLOSED')`],
      ['incident_cases', 'incident_cases_latest_stage_check', `latest_stage IN (${stages})`],
      [
        'incident_cases',
        'incident_cases_closed_check',
        `(status = 'CLOSED') = (closed_at IS NOT NULL) AND (status = 'CLOSED') = (latest_stage = 'FINAL')`,
      ],
      ['incident_reports', 'incident_reports_stage_check', `stage IN (${stages})`],
      ['incident_reports', 'incident_reports_first_check', `(stage = 'FIRST') = (sequence = 1)`],
      [
        'incident_reports',
        'incident_reports_incident_type_check',
        `incident_type IS NULL OR incident_type IN ('RANSOMWARE','DDOS','INTRUSION','DATA_BREACH','MALWARE','PHISHING','VULNERABILITY_EXPLOITATION','OTHER')`,
      ],
      ['incident_reports', 'incident_reports_severity_check', `severity IS NULL OR severity IN ('INFO','LOW','MEDIUM','HIGH','CRITICAL')`],
      [
        'incident_reports',
        'incident_reports_purposes_check',
        `permitted_purposes <@ ARRAY['DAMAGE_PREVENTION','STATISTICS','SHARING_AFTER_SANITISING','ANALYSIS']::text[]`,
      ],
    ];
    for (const [table, name, condition] of checks) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${condition})`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "incident_report_advisories"`);
    await queryRunner.query(`DROP TABLE "incident_campaign_reports"`);
    await queryRunner.query(`DROP TABLE "incident_campaigns"`);
    await queryRunner.query(`DROP TABLE "incident_feedback_messages"`);
    await queryRunner.query(`DROP TABLE "incident_reports"`);
    await queryRunner.query(`DROP TABLE "incident_cases"`);
  }
}
