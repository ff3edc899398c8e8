import type { Condition, CompoundCondition, FieldCondition } from '@ucast/mongo2js';
import type { SqlParameters } from './sql-fragment';

export interface ColumnSpec {
  /** The SQL expression of the column, already qualified (e.g. `a.full_tlp`). */
  sql: string;
  /** The PostgreSQL type of one value (`text`, `uuid`, `boolean`). */
  type: string;
  array: boolean;
}

export type ColumnMap = Readonly<Record<string, ColumnSpec>>;

export class UnsupportedConditionError extends Error {}

/**
 * Turns a CASL condition tree (rulesToAST) into a SQL boolean expression.
 *
 * Only an allow-list of operators is compiled, and every leaf is two-valued (never NULL) with the
 * semantics of CASL's in-memory Mongo matcher: `$ne`/`$nin` match NULL, `eq` on an array column
 * means "contains", `$in` on an array column means "overlaps". A parity test on real PostgreSQL
 * checks this against `ability.can` for generated rows with NULLs.
 */
export function conditionToSql(condition: Condition, columns: ColumnMap, params: SqlParameters): string {
  if (isCompound(condition)) {
    const parts = (condition.value as Condition[]).map((c) => conditionToSql(c, columns, params));
    switch (condition.operator) {
      case 'and':
        return parts.length === 0 ? 'TRUE' : `(${parts.join(' AND ')})`;
      case 'or':
        return parts.length === 0 ? 'FALSE' : `(${parts.join(' OR ')})`;
      case 'nor':
        return parts.length === 0 ? 'TRUE' : `(NOT (${parts.join(' OR ')}))`;
      case 'not':
        return `(NOT ${parts[0]})`;
      default:
        throw new UnsupportedConditionError(`compound operator "${condition.operator}" is not supported`);
    }
  }
  const field = condition as FieldCondition;
  const column = columns[field.field];
  if (!column) throw new UnsupportedConditionError(`field "${field.field}" has no column`);
  return column.array ? arrayLeaf(field, column, params) : scalarLeaf(field, column, params);
}

function isCompound(condition: Condition): condition is CompoundCondition {
  return Array.isArray(condition.value) && ['and', 'or', 'nor', 'not'].includes(condition.operator);
}

function list(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new UnsupportedConditionError(`"${field}" needs a list`);
  return value;
}

function scalarLeaf(field: FieldCondition, column: ColumnSpec, params: SqlParameters): string {
  const { sql, type } = column;
  const value = field.value;
  switch (field.operator) {
    case 'eq':
      return value === null ? `(${sql} IS NULL)` : `(${sql} IS NOT DISTINCT FROM ${params.add(value, type)})`;
    case 'ne':
      return value === null ? `(${sql} IS NOT NULL)` : `(${sql} IS DISTINCT FROM ${params.add(value, type)})`;
    case 'in':
      return `coalesce(${sql} = ANY(${params.add(list(value, field.field), `${type}[]`)}), false)`;
    case 'nin':
      return `(NOT coalesce(${sql} = ANY(${params.add(list(value, field.field), `${type}[]`)}), false))`;
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const op = { lt: '<', lte: '<=', gt: '>', gte: '>=' }[field.operator];
      return `coalesce(${sql} ${op} ${params.add(value, type)}, false)`;
    }
    default:
      throw new UnsupportedConditionError(`operator "${field.operator}" is not supported on "${field.field}"`);
  }
}

function arrayLeaf(field: FieldCondition, column: ColumnSpec, params: SqlParameters): string {
  const { sql, type } = column;
  const value = field.value;
  switch (field.operator) {
    case 'eq':
      return `coalesce(${sql} @> ARRAY[${params.add(value, type)}], false)`;
    case 'ne':
      return `(NOT coalesce(${sql} @> ARRAY[${params.add(value, type)}], false))`;
    case 'in':
      return `coalesce(${sql} && ${params.add(list(value, field.field), `${type}[]`)}, false)`;
    case 'nin':
      return `(NOT coalesce(${sql} && ${params.add(list(value, field.field), `${type}[]`)}, false))`;
    case 'all':
      return `coalesce(${sql} @> ${params.add(list(value, field.field), `${type}[]`)}, false)`;
    case 'size':
      return `coalesce(cardinality(${sql}) = ${params.add(value, 'integer')}, false)`;
    default:
      throw new UnsupportedConditionError(`operator "${field.operator}" is not supported on "${field.field}"`);
  }
}
