import { MigrationInterface, QueryRunner } from 'typeorm';

/** Issue 5: named, revocable feed tokens (only the SHA-256 of the secret is stored). */
export class FeedTokens1795700000000 implements MigrationInterface {
  name = 'FeedTokens1795700000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "feed_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "name" character varying(200) NOT NULL, "secret_hash" character varying(64) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "feed_tokens_pkey" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`CREATE INDEX "feed_tokens_person" ON "feed_tokens" ("person_id") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "feed_tokens_secret_hash" ON "feed_tokens" ("secret_hash") `);
    await queryRunner.query(
      `ALTER TABLE "feed_tokens" ADD CONSTRAINT "feed_tokens_person_fk" FOREIGN KEY ("person_id") REFERENCES "persons"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "feed_tokens" DROP CONSTRAINT "feed_tokens_person_fk"`);
    await queryRunner.query(`DROP INDEX "public"."feed_tokens_secret_hash"`);
    await queryRunner.query(`DROP INDEX "public"."feed_tokens_person"`);
    await queryRunner.query(`DROP TABLE "feed_tokens"`);
  }
}
