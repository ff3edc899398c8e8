import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 4: a person's OpenPGP public key and whether they require encrypted e-mail. */
export class EmailSecurity1795604984598 implements MigrationInterface {
  name = 'EmailSecurity1795604984598';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "email_security_settings" ("person_id" uuid NOT NULL, "openpgp_public_key" text, "openpgp_fingerprint" character varying(64), "openpgp_key_expires_at" TIMESTAMP WITH TIME ZONE, "openpgp_key_added_at" TIMESTAMP WITH TIME ZONE, "require_encryption" boolean NOT NULL DEFAULT false, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_138dd17553c9a07f8e4ad6f899a" PRIMARY KEY ("person_id"))`,
    );
    await queryRunner.query(
      `ALTER TABLE "email_security_settings" ADD CONSTRAINT "FK_138dd17553c9a07f8e4ad6f899a" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "email_security_settings" DROP CONSTRAINT "FK_138dd17553c9a07f8e4ad6f899a"`);
    await queryRunner.query(`DROP TABLE "email_security_settings"`);
  }
}
