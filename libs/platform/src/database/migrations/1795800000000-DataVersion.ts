import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 7: the API reuses a reader's feed page only while no advisory and no organisation has
 * changed since it was built (FeedResponseCache). A statement-level trigger bumps one counter in
 * the writing transaction itself, so a reader sees the new number exactly when it can see the
 * change: a page built under a number is what a fresh read would return while the number stands.
 * Writers of these two tables queue on the counter row from their first write until commit;
 * advisory and organisation changes are human-paced, one advisory per transaction.
 */
export class DataVersion1795800000000 implements MigrationInterface {
  name = 'DataVersion1795800000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "council_data_version" ("singleton" boolean PRIMARY KEY DEFAULT true CHECK ("singleton"), "version" bigint NOT NULL)`,
    );
    await queryRunner.query(`INSERT INTO "council_data_version" ("version") VALUES (0)`);
    await queryRunner.query(`
            CREATE FUNCTION council_bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                UPDATE council_data_version SET version = version + 1;
                RETURN NULL;
            END $$`);
    for (const table of ['advisories', 'organisations']) {
      await queryRunner.query(
        `CREATE TRIGGER "${table}_bump_data_version" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" ` +
          `FOR EACH STATEMENT EXECUTE FUNCTION council_bump_data_version()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['advisories', 'organisations']) {
      await queryRunner.query(`DROP TRIGGER "${table}_bump_data_version" ON "${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION council_bump_data_version()`);
    await queryRunner.query(`DROP TABLE "council_data_version"`);
  }
}
