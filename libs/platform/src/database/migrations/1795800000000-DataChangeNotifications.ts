import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Issue 7: the API keeps each reader's recent feed pages (FeedResponseCache) and must forget them
 * the moment an advisory or an organisation changes, whichever process wrote it. A statement-level
 * trigger NOTIFYs on `council_data_changed`: PostgreSQL delivers a notification only when its
 * transaction commits, in commit order, and folds repeats within one transaction into one.
 */
export class DataChangeNotifications1795800000000 implements MigrationInterface {
    name = 'DataChangeNotifications1795800000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`
            CREATE FUNCTION council_notify_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('council_data_changed', TG_TABLE_NAME);
                RETURN NULL;
            END $$`);
        for (const table of ['advisories', 'organisations']) {
            await queryRunner.query(
                `CREATE TRIGGER "${table}_notify_data_changed" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "${table}" ` +
                `FOR EACH STATEMENT EXECUTE FUNCTION council_notify_data_changed()`,
            );
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const table of ['advisories', 'organisations']) {
            await queryRunner.query(`DROP TRIGGER "${table}_notify_data_changed" ON "${table}"`);
        }
        await queryRunner.query(`DROP FUNCTION council_notify_data_changed()`);
    }

}
