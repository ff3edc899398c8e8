import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Signed checkpoints of the audit chain's head (libs/audit/src/checkpoints). Append-only like the
 * logs themselves; the copy that a database superuser cannot rewrite is the overseer's file, this
 * table lets `auditChainStatus` and `audit:verify` compare without it. Hand-written.
 */
export class AuditCheckpoints1795821400000 implements MigrationInterface {
  name = 'AuditCheckpoints1795821400000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "audit_checkpoints" ("id" BIGSERIAL NOT NULL, "sequence" bigint NOT NULL, "hash" character varying(64) NOT NULL, "checkpointed_at" TIMESTAMP WITH TIME ZONE NOT NULL, "key_id" character varying(32) NOT NULL, "signature" text NOT NULL, CONSTRAINT "audit_checkpoints_pkey" PRIMARY KEY ("id"), CONSTRAINT "audit_checkpoints_hash_check" CHECK ("hash" ~ '^[0-9a-f]{64}$'))`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_checkpoints_append_only BEFORE UPDATE OR DELETE ON "audit_checkpoints" FOR EACH ROW EXECUTE FUNCTION council_refuse_change()`,
    );
    await queryRunner.query(
      `CREATE TRIGGER audit_checkpoints_no_truncate BEFORE TRUNCATE ON "audit_checkpoints" FOR EACH STATEMENT EXECUTE FUNCTION council_refuse_change()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "audit_checkpoints"`);
  }
}
