import type { DataSource } from 'typeorm';
import type { AdvisoryRecord } from '@app/policy/advisories/advisory-projection';
import { AdvisoryEntity } from '../entities/advisory.entity';

/**
 * Maps raw `advisories` rows (snake_case columns) to entity-shaped records, using TypeORM's own
 * column metadata so that the two can never drift apart.
 */
export function advisoryRowMapper(dataSource: DataSource): (row: Record<string, unknown>) => AdvisoryRecord {
  const columns = dataSource.getMetadata(AdvisoryEntity).columns.map((column) => [column.databaseName, column.propertyName] as const);
  return (row) => {
    const record: Record<string, unknown> = {};
    for (const [databaseName, propertyName] of columns) record[propertyName] = row[databaseName];
    return record as unknown as AdvisoryRecord;
  };
}
