import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The TAXII collection's date added is greatest(updated_at, when the reader's access last changed):
 * a reader whose access grows must receive the older advisories they may now read when they next
 * poll with added_after, although none of those advisories changed. `access_changed_at` is when a
 * column the advisory policy reads (libs/policy/src/reader.ts: Reader, ReaderOrganisation) last
 * changed on the person or on the organisation. Triggers keep it, so that no write path (service,
 * script, console, manual fix) can forget to; the column is theirs alone: a direct write to it is
 * ignored.
 *
 * It is stamped with the transaction's start, like advisories.updated_at, so the TAXII settling
 * wait covers it the same way; rounded UP to the millisecond because the application holds it as a
 * JavaScript Date (milliseconds): rounded down it could fall before the start of the change.
 * Existing rows start from their updated_at (every application write stamps it, so it is no earlier
 * than their last access change): what was missed before this migration reaches, once, the readers
 * who may have missed it, without the whole collection being re-sent to every reader.
 */
const PERSON_POLICY_COLUMNS = [
  'organisation_id',
  'individual_tier',
  'roles',
  'active',
  'pledge_expires_at',
  'clearance_level',
  'clearance_expires_at',
  'clearance_suspended',
];
const ORGANISATION_POLICY_COLUMNS = [
  'kind',
  'tier',
  'sectors',
  'prefecture',
  'municipality',
  'foreign',
  'active',
  'agreement_expires_at',
  'facility_clearance_expires_at',
];
const TABLES: Array<[string, string[]]> = [
  ['persons', PERSON_POLICY_COLUMNS],
  ['organisations', ORGANISATION_POLICY_COLUMNS],
];

const ceilMs = (instant: string) => `date_trunc('milliseconds', ${instant} + interval '999 microseconds')`;

export class AccessChangedAt1795810000000 implements MigrationInterface {
  name = 'AccessChangedAt1795810000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const [table, columns] of TABLES) {
      await queryRunner.query(`ALTER TABLE "${table}" ADD "access_changed_at" TIMESTAMP WITH TIME ZONE`);
      await queryRunner.query(`UPDATE "${table}" SET "access_changed_at" = ${ceilMs('"updated_at"')}`);
      await queryRunner.query(
        `ALTER TABLE "${table}" ALTER COLUMN "access_changed_at" SET DEFAULT ${ceilMs('now()')}, ALTER COLUMN "access_changed_at" SET NOT NULL`,
      );
      const changed = columns.map((column) => `OLD."${column}" IS DISTINCT FROM NEW."${column}"`).join(' OR ');
      await queryRunner.query(`
                CREATE FUNCTION council_${table}_access_changed_at() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF TG_OP = 'INSERT' THEN
                        NEW.access_changed_at := ${ceilMs('now()')};
                    ELSIF ${changed} THEN
                        NEW.access_changed_at := ${ceilMs('now()')};
                    ELSE
                        NEW.access_changed_at := OLD.access_changed_at;
                    END IF;
                    RETURN NEW;
                END $$`);
      await queryRunner.query(
        `CREATE TRIGGER "${table}_access_changed_at" BEFORE INSERT OR UPDATE ON "${table}" ` +
          `FOR EACH ROW EXECUTE FUNCTION council_${table}_access_changed_at()`,
      );
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const [table] of TABLES) {
      await queryRunner.query(`DROP TRIGGER "${table}_access_changed_at" ON "${table}"`);
      await queryRunner.query(`DROP FUNCTION council_${table}_access_changed_at()`);
      await queryRunner.query(`ALTER TABLE "${table}" DROP COLUMN "access_changed_at"`);
    }
  }
}
