import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What TypeORM cannot generate: the database's own guard rails (enum CHECKs, append-only logs) and
 * the indexes the policy's WHERE clause needs (GIN on audience arrays, trigram search on titles
 * and summaries in Japanese and English).
 */
export class ConstraintsAndIndexes1795599900000 implements MigrationInterface {
  name = 'ConstraintsAndIndexes1795599900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    const checks: Array<[string, string, string]> = [
      [
        'organisations',
        'organisations_kind_check',
        `kind IN ('CRITICAL_INFRASTRUCTURE','GOVERNMENT_AGENCY','LOCAL_GOVERNMENT','SECURITY_VENDOR','SYSTEM_INTEGRATOR','CLOUD_PROVIDER','ACADEMIC','INDUSTRY_ASSOCIATION','OTHER')`,
      ],
      ['organisations', 'organisations_tier_check', `tier IN ('CLASS_1','CLASS_2','GENERAL','NONE')`],
      ['organisations', 'organisations_prefecture_check', `prefecture IS NULL OR prefecture ~ '^(0[1-9]|[1-3][0-9]|4[0-7])$'`],
      [
        'organisations',
        'organisations_municipality_check',
        `municipality IS NULL OR (municipality ~ '^[0-9]{5}$' AND prefecture IS NOT NULL AND left(municipality, 2) = prefecture)`,
      ],
      [
        'persons',
        'persons_individual_tier_check',
        `individual_tier IS NULL OR (organisation_id IS NULL AND individual_tier IN ('CLASS_1','CLASS_2','GENERAL','NONE'))`,
      ],
      ['persons', 'persons_roles_check', `roles <@ ARRAY['SECRETARIAT','ORG_ADMIN','CISO','ANALYST','AUDITOR']::text[]`],
      ['persons', 'persons_clearance_level_check', `clearance_level IN ('NONE','IESI')`],
      ['persons', 'persons_email_lowercase_check', `email = lower(email)`],
      ['advisories', 'advisories_status_check', `status IN ('DRAFT','PENDING_REVIEW','PUBLISHED','REJECTED','WITHDRAWN')`],
      ['advisories', 'advisories_severity_check', `severity IN ('INFO','LOW','MEDIUM','HIGH','CRITICAL')`],
      ['advisories', 'advisories_full_classification_check', `full_classification IN ('UNCLASSIFIED','COUNCIL_CONFIDENTIAL','IESI')`],
      ['advisories', 'advisories_full_tlp_check', `full_tlp IN ('CLEAR','GREEN','AMBER','AMBER_STRICT','RED')`],
      [
        'advisories',
        'advisories_tear_line_check',
        `(has_tear_line AND tear_line_classification IS NOT NULL AND tear_line_tlp IS NOT NULL AND tear_line_title IS NOT NULL AND tear_line_summary IS NOT NULL) OR (NOT has_tear_line AND tear_line_classification IS NULL AND tear_line_tlp IS NULL AND NOT tear_line_release_to_non_member_lg)`,
      ],
      [
        'advisories',
        'advisories_red_needs_persons_check',
        `(full_tlp <> 'RED' AND coalesce(tear_line_tlp, 'CLEAR') <> 'RED') OR cardinality(audience_person_ids) > 0`,
      ],
      [
        'advisories',
        'advisories_amber_strict_needs_orgs_check',
        `(full_tlp <> 'AMBER_STRICT' AND coalesce(tear_line_tlp, 'CLEAR') <> 'AMBER_STRICT') OR cardinality(audience_organisation_ids) > 0`,
      ],
    ];
    for (const [table, name, condition] of checks) {
      await q.query(`ALTER TABLE "${table}" ADD CONSTRAINT "${name}" CHECK (${condition})`);
    }

    // The decision and access logs are append-only, whoever connects.
    await q.query(`
      CREATE FUNCTION council_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
      END $$`);
    for (const table of ['audit_log', 'access_log']) {
      await q.query(
        `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON "${table}" FOR EACH ROW EXECUTE FUNCTION council_refuse_change()`,
      );
      await q.query(
        `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}" FOR EACH STATEMENT EXECUTE FUNCTION council_refuse_change()`,
      );
    }

    for (const column of ['audience_person_ids', 'audience_organisation_ids', 'audience_regions', 'audience_municipality_prefectures']) {
      await q.query(`CREATE INDEX "advisories_${column}_gin" ON "advisories" USING gin ("${column}")`);
    }
    await q.query(`CREATE INDEX "advisories_full_text_trgm" ON "advisories" USING gin ((full_title || ' ' || full_summary) gin_trgm_ops)`);
    await q.query(
      `CREATE INDEX "advisories_tear_line_text_trgm" ON "advisories" USING gin ((coalesce(tear_line_title, '') || ' ' || coalesce(tear_line_summary, '')) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX "audit_log_subject" ON "audit_log" ("subject_type", "subject_id")`);
    await q.query(`CREATE INDEX "advisory_versions_advisory" ON "advisory_versions" ("advisory_id", "version")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "advisory_versions_advisory"`);
    await q.query(`DROP INDEX "audit_log_subject"`);
    await q.query(`DROP INDEX "advisories_tear_line_text_trgm"`);
    await q.query(`DROP INDEX "advisories_full_text_trgm"`);
    for (const column of ['audience_person_ids', 'audience_organisation_ids', 'audience_regions', 'audience_municipality_prefectures']) {
      await q.query(`DROP INDEX "advisories_${column}_gin"`);
    }
    for (const table of ['audit_log', 'access_log']) {
      await q.query(`DROP TRIGGER ${table}_no_truncate ON "${table}"`);
      await q.query(`DROP TRIGGER ${table}_append_only ON "${table}"`);
    }
    await q.query(`DROP FUNCTION council_refuse_change()`);
    const names: Array<[string, string]> = [
      ['advisories', 'advisories_amber_strict_needs_orgs_check'],
      ['advisories', 'advisories_red_needs_persons_check'],
      ['advisories', 'advisories_tear_line_check'],
      ['advisories', 'advisories_full_tlp_check'],
      ['advisories', 'advisories_full_classification_check'],
      ['advisories', 'advisories_severity_check'],
      ['advisories', 'advisories_status_check'],
      ['persons', 'persons_email_lowercase_check'],
      ['persons', 'persons_clearance_level_check'],
      ['persons', 'persons_roles_check'],
      ['persons', 'persons_individual_tier_check'],
      ['organisations', 'organisations_municipality_check'],
      ['organisations', 'organisations_prefecture_check'],
      ['organisations', 'organisations_tier_check'],
      ['organisations', 'organisations_kind_check'],
    ];
    for (const [table, name] of names) await q.query(`ALTER TABLE "${table}" DROP CONSTRAINT "${name}"`);
  }
}
