import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { OrganisationEntity } from '../organisations/organisation.entity';
import { PersonEntity } from './person.entity';

type Columns = ReadonlyArray<readonly [databaseName: string, propertyName: string]>;

/**
 * Loads the person behind a request (with their organisation) in one prepared statement, on every
 * request: a deactivation or a role change counts from the very next one. Built from TypeORM's
 * own column metadata so it cannot drift from the entities, without the query builder's cost
 * (findOne with a relation builds and hydrates a new query each time: most of the CPU of a small
 * request).
 */
@Injectable()
export class SignedInPersonLoader {
  private readonly sql: string;
  private readonly personColumns: Columns;
  private readonly organisationColumns: Columns;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    const columnsOf = (entity: Function): Columns =>
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
    this.sql =
      `SELECT ${select.join(', ')} FROM persons p LEFT JOIN organisations o ON o.id = p.organisation_id WHERE p.id = $1`;
  }

  async load(personId: string): Promise<PersonEntity | null> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(this.sql, [personId]);
    if (rows.length === 0) return null;
    const row = rows[0];
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
