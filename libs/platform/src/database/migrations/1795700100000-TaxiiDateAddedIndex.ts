import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 5: the TAXII collection pages advisories oldest first by date added (updated_at, id),
 * from a keyset position (AdvisoryQueryService.pageByDateAdded).
 */
export class TaxiiDateAddedIndex1795700100000 implements MigrationInterface {
  name = 'TaxiiDateAddedIndex1795700100000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX "advisories_date_added_order" ON "advisories" ("updated_at", "id") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."advisories_date_added_order"`);
  }
}
