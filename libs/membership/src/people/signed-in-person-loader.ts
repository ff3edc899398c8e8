import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';
import { StatementBatcher } from '@app/platform/database/statement-batcher';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from './person.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Columns = ReadonlyArray<readonly [databaseName: string, propertyName: string]>;

/**
 * Loads the person behind a request (with their organisation) in one prepared statement, on every
 * request: a deactivation or a role change counts from the very next one. Built from TypeORM's
 * own column metadata so it cannot drift from the entities, without the query builder's cost
 * (findOne with a relation builds and hydrates a new query each time: most of the CPU of a small
 * request). The people asked for in one turn of the event loop are loaded by one statement: under
 * load the round trip, not the lookup, is what a request waits for.
 */
@Injectable()
export class SignedInPersonLoader {
  private readonly sql: string;
  private readonly personColumns: Columns;
  private readonly organisationColumns: Columns;
  private readonly rows: StatementBatcher<string, Record<string, unknown> | undefined>;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const columnsOf = (entity: EntityTarget<ObjectLiteral>): Columns =>
      dataSource
        .getMetadata(entity)
        // As findOne does: never a column marked select: false (the password hash); a join column
        // that has no property of its own would otherwise overwrite the relation's property.
        .columns.filter((column) => column.isSelect && column.propertyName !== column.relationMetadata?.propertyName)
        .map((column) => [column.databaseName, column.propertyName] as const);
    this.personColumns = columnsOf(PersonEntity);
    this.organisationColumns = columnsOf(OrganisationEntity);
    const select = [
      ...this.personColumns.map(([column]) => `p."${column}" AS "p_${column}"`),
      ...this.organisationColumns.map(([column]) => `o."${column}" AS "o_${column}"`),
    ];
    this.sql = `SELECT ${select.join(', ')} FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = ANY($1::uuid[])`;
    this.rows = new StatementBatcher(async (ids) => {
      const rows: Array<Record<string, unknown>> = await this.dataSource.query(this.sql, [[...new Set(ids)]]);
      const byId = new Map(rows.map((row) => [row.p_id as string, row]));
      return ids.map((id) => byId.get(id));
    });
  }

  async load(personId: string): Promise<PersonEntity | null> {
    // One malformed id must not fail the statement of everyone else in the batch.
    if (!UUID.test(personId)) return null;
    const row = await this.rows.call(personId.toLowerCase());
    if (!row) return null;
    const person = new PersonEntity();
    for (const [column, property] of this.personColumns) (person as unknown as Record<string, unknown>)[property] = row[`p_${column}`];
    if (row.o_id === null || row.o_id === undefined) {
      person.organisation = null;
    } else {
      const organisation = new OrganisationEntity();
      for (const [column, property] of this.organisationColumns) {
        (organisation as unknown as Record<string, unknown>)[property] = row[`o_${column}`];
      }
      person.organisation = organisation;
    }
    return person;
  }
}
