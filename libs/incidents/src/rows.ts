import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * Maps raw rows (`SELECT r.*`, as the policy-bound queries return them) to entities through the
 * entity's own column metadata, so a raw query and the repository agree on every property name.
 */
export function rowMapper<T extends ObjectLiteral>(dataSource: DataSource, target: EntityTarget<T>): (row: Record<string, unknown>) => T {
  const metadata = dataSource.getMetadata(target);
  const columns = metadata.columns.map((c) => [c.propertyName, c.databaseName] as const);
  return (row) => {
    const entity = metadata.create() as T;
    for (const [property, column] of columns) (entity as Record<string, unknown>)[property] = row[column];
    return entity;
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The id looked up when the one asked for is not even a UUID: the same query, the same answer. */
export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function uuidOrNil(value: string): string {
  return isUuid(value) ? value : NIL_UUID;
}
