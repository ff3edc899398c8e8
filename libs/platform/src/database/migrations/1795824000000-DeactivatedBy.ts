import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * ACCESS-POLICY.md "Clearances and accounts": an ORG_ADMIN cannot re-activate a person whom the
 * secretariat deactivated. A person records who deactivated them and whether that person acted as
 * the secretariat (the actor's roles may change later; what counts is how they acted then).
 * People already deactivated take it from their last `person.deactivated` decision in the audit
 * log; one deactivated outside the application (no such decision) counts as deactivated by the
 * secretariat, the safe side: only the secretariat brings them back.
 */
export class DeactivatedBy1795824000000 implements MigrationInterface {
  name = 'DeactivatedBy1795824000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "persons" ADD "deactivated_by_id" uuid`);
    await queryRunner.query(`ALTER TABLE "persons" ADD "deactivated_by_secretariat" boolean NOT NULL DEFAULT false`);
    await queryRunner.query(`
            UPDATE "persons" p
            SET "deactivated_by_id" = (
                    SELECT a.actor_id FROM "audit_log" a
                    WHERE a.subject_type = 'Person' AND a.subject_id = p.id::text AND a.action = 'person.deactivated'
                    ORDER BY a.id DESC LIMIT 1
                )
            WHERE NOT p.active`);
    await queryRunner.query(`
            UPDATE "persons" p
            SET "deactivated_by_secretariat" = NOT EXISTS (
                    SELECT 1 FROM "persons" actor
                    WHERE actor.id = p.deactivated_by_id AND NOT ('SECRETARIAT' = ANY(actor.roles))
                )
            WHERE NOT p.active`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "persons" DROP COLUMN "deactivated_by_secretariat"`);
    await queryRunner.query(`ALTER TABLE "persons" DROP COLUMN "deactivated_by_id"`);
  }
}
