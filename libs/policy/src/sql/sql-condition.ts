import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { SqlParameters } from './sql-fragment';

/**
 * A WHERE condition the policy compiled (text with `$n` placeholders into `params`) as a Kysely
 * boolean expression, so a typed query can hold it: each placeholder becomes a parameter of the
 * enclosing statement, numbered by Kysely. Safe for the reason `SqlParameters.compact` is: every
 * value reaches SQL as a parameter, so the text holds no literal that could contain "$n".
 */
export function sqlCondition(condition: string, params: SqlParameters): RawBuilder<SqlBool> {
  return sqlExpression<SqlBool>(condition, params);
}

/** Any other policy-compiled expression (a CASE choosing a view level, say), embedded as sqlCondition embeds a condition. */
export function sqlExpression<T>(expression: string, params: SqlParameters): RawBuilder<T> {
  const condition = expression;
  const values = params.values;
  const pieces: Array<RawBuilder<unknown>> = [];
  let from = 0;
  for (const match of condition.matchAll(/\$(\d+)\b/g)) {
    // Placeholders at or below the offset are a hand-written statement's own: not expected here.
    const index = Number(match[1]) - params.offset - 1;
    if (!(index >= 0 && index < values.length)) throw new Error(`policy condition names $${match[1]}, which its parameters lack`);
    pieces.push(sql.raw(condition.slice(from, match.index)), sql`${values[index]}`);
    from = match.index + match[0].length;
  }
  pieces.push(sql.raw(condition.slice(from)));
  return sql<T>`(${sql.join(pieces, sql.raw(''))})`;
}
