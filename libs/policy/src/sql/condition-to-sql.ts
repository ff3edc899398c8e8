import { CompoundCondition, type Condition, type FieldCondition } from '@ucast/mongo2js';
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
 *
 * The tree is first simplified (factorConditions): CASL ORs whole rules, so the rules of one view
 * repeat the same conjuncts (status, audience, clearance) once per way in. PostgreSQL factors such
 * ORs in a WHERE clause itself, but not in the SELECT list, where the page's access-level CASE
 * evaluates them again for every row returned.
 */
export function conditionToSql(condition: Condition, columns: ColumnMap, params: SqlParameters): string {
  return compile(factorConditions(condition), columns, params);
}

function compile(condition: Condition, columns: ColumnMap, params: SqlParameters): string {
  if (isCompound(condition)) {
    const parts = condition.value.map((c) => compile(c, columns, params));
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
    // `col = v AND col IS NOT NULL` is two-valued like IS NOT DISTINCT FROM, and unlike it can use
    // an index on col (a reader who sees only what they wrote: the author_id index, not a scan).
    case 'eq':
      return value === null ? `(${sql} IS NULL)` : `(${sql} = ${params.add(value, type)} AND ${sql} IS NOT NULL)`;
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

// ---------------------------------------------------------------------------------------------
// Simplification. Every leaf compiles to a two-valued boolean, so the laws of Boolean algebra hold
// exactly: (c AND x) OR (c AND y) OR z = (c AND (x OR y)) OR z, and c AND c = c.

/** Keys are asked for again at every level of the factoring: each condition's is computed once. */
const keys = new WeakMap<Condition, string>();

function keyOf(condition: Condition): string {
  let key = keys.get(condition);
  if (key === undefined) {
    if (isCompound(condition)) {
      key = `${condition.operator}(${condition.value.map(keyOf).join(',')})`;
    } else {
      const field = condition as FieldCondition;
      key = `${field.operator}:${field.field}:${JSON.stringify(field.value)}`;
    }
    keys.set(condition, key);
  }
  return key;
}

const and = (parts: Condition[]): Condition => (parts.length === 1 ? parts[0] : new CompoundCondition('and', parts));
const or = (parts: Condition[]): Condition => (parts.length === 1 ? parts[0] : new CompoundCondition('or', parts));
const isTrue = (c: Condition) => isCompound(c) && c.operator === 'and' && c.value.length === 0;

function unique(parts: Condition[]): Condition[] {
  const seen = new Set<string>();
  return parts.filter((p) => {
    const key = keyOf(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Flattens nested ANDs and ORs, drops repeated operands, and factors conjuncts shared by OR arms. */
export function factorConditions(condition: Condition): Condition {
  if (!isCompound(condition)) return condition;
  const children = condition.value.map(factorConditions);
  const op = condition.operator;
  if (op !== 'and' && op !== 'or') return new CompoundCondition(op, children);
  const flat = children.flatMap((c) => (isCompound(c) && c.operator === op ? c.value : [c]));
  if (op === 'and') return and(unique(flat));
  if (flat.some(isTrue)) return and([]);
  return cheapestFirst(factorOr(unique(flat)));
}

function leafCount(condition: Condition): number {
  return isCompound(condition) ? condition.value.reduce((n, c) => n + leafCount(c), 0) : 1;
}

/**
 * PostgreSQL evaluates OR arms in the order written and stops at the first true one: the arm with
 * the fewest leaves goes first (typically the broadest rule, e.g. the secretariat's "not a draft").
 */
function cheapestFirst(condition: Condition): Condition {
  if (!isCompound(condition) || condition.operator !== 'or') return condition;
  const arms = condition.value.map((arm, index) => ({ arm, index, leaves: leafCount(arm) }));
  arms.sort((x, y) => x.leaves - y.leaves || x.index - y.index);
  return or(arms.map((a) => a.arm));
}

function conjuncts(arm: Condition): Condition[] {
  return isCompound(arm) && arm.operator === 'and' ? arm.value : [arm];
}

/** Greedily factors the conjunct shared by the most arms (at least two) out of them, then the rest. */
function factorOr(arms: Condition[]): Condition {
  if (arms.length < 2) return or(arms);
  const armKeys = arms.map((arm) => new Set(conjuncts(arm).map(keyOf)));
  const counts = new Map<string, number>();
  for (const keys of armKeys) for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  let best: string | null = null;
  for (const keys of armKeys) {
    for (const key of keys) if ((counts.get(key) ?? 0) >= 2 && (best === null || counts.get(key)! > counts.get(best)!)) best = key;
  }
  if (best === null) return or(arms);
  const shared = arms.map((arm, i) => armKeys[i].has(best));
  const common = conjuncts(arms[shared.indexOf(true)]).find((c) => keyOf(c) === best)!;
  const remainders = arms.filter((_, i) => shared[i]).map((arm) => and(conjuncts(arm).filter((c) => keyOf(c) !== best)));
  // An arm that was `common` alone makes the others' remainders irrelevant: common AND TRUE.
  const group = remainders.some((r) => isCompound(r) && r.operator === 'and' && r.value.length === 0)
    ? common
    : and([common, ...conjuncts(cheapestFirst(factorOr(remainders)))]);
  const others = arms.filter((_, i) => !shared[i]);
  const first = shared.indexOf(true);
  const before = arms.slice(0, first).filter((_, i) => !shared[i]);
  if (others.length === 0) return group;
  // Keep the group where its first arm was, so evaluation order stays close to the rules' order.
  const after = others.slice(before.length);
  return or(
    unique([...before, group, ...(after.length ? [factorOr(after)] : [])]).flatMap((c) =>
      isCompound(c) && c.operator === 'or' ? c.value : [c],
    ),
  );
}
