import { describe, expect, it } from '@jest/globals';
import { CompoundCondition, FieldCondition, type Condition } from '@ucast/mongo2js';
import fc from 'fast-check';
import { conditionToSql, factorConditions, type ColumnMap } from './condition-to-sql';
import { SqlParameters } from './sql-fragment';

/** Leaves drawn from a small pool, so that trees repeat conjuncts the way CASL rules do. */
const LEAVES = ['a', 'b', 'c', 'd', 'e'].map((name) => new FieldCondition('eq', name, true));

const tree: fc.Arbitrary<Condition> = fc.letrec<{ node: Condition }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...LEAVES),
    fc
      .tuple(fc.constantFrom('and', 'or', 'not'), fc.array(tie('node'), { minLength: 0, maxLength: 4 }))
      .map(([op, parts]) => new CompoundCondition(op, op === 'not' ? parts.slice(0, 1).concat(parts.length ? [] : [LEAVES[0]]) : parts)),
  ),
})).node;

function evaluate(condition: Condition, truth: Record<string, boolean>): boolean {
  if (condition instanceof CompoundCondition) {
    const parts = condition.value as Condition[];
    switch (condition.operator) {
      case 'and':
        return parts.every((p) => evaluate(p, truth));
      case 'or':
        return parts.some((p) => evaluate(p, truth));
      case 'not':
        return !evaluate(parts[0], truth);
      default:
        throw new Error(condition.operator);
    }
  }
  return truth[(condition as FieldCondition).field];
}

describe('factorConditions', () => {
  it('never changes the value of a condition', () => {
    fc.assert(
      fc.property(
        tree,
        fc.record({ a: fc.boolean(), b: fc.boolean(), c: fc.boolean(), d: fc.boolean(), e: fc.boolean() }),
        (condition, truth) => {
          expect(evaluate(factorConditions(condition), truth)).toBe(evaluate(condition, truth));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('factors the conjuncts that the arms of an OR share', () => {
    const [a, b, c, d, e] = LEAVES;
    const columns: ColumnMap = Object.fromEntries(
      ['a', 'b', 'c', 'd', 'e'].map((name) => [name, { sql: `t.${name}`, type: 'boolean', array: false }]),
    );
    const rules = new CompoundCondition('or', [
      new CompoundCondition('and', [e]),
      new CompoundCondition('and', [a, b, c]),
      new CompoundCondition('and', [a, b, d]),
    ]);
    expect(conditionToSql(rules, columns, new SqlParameters())).toBe(
      '((t.e = $1::boolean AND t.e IS NOT NULL) OR ((t.a = $2::boolean AND t.a IS NOT NULL) AND ' +
        '(t.b = $3::boolean AND t.b IS NOT NULL) AND ((t.c = $4::boolean AND t.c IS NOT NULL) OR ' +
        '(t.d = $5::boolean AND t.d IS NOT NULL))))',
    );
    // The cheapest arm of an OR is evaluated first.
    const reversed = new CompoundCondition('or', [new CompoundCondition('and', [a, b, c]), new CompoundCondition('and', [e])]);
    expect(conditionToSql(reversed, columns, new SqlParameters())).toBe(
      '((t.e = $1::boolean AND t.e IS NOT NULL) OR ((t.a = $2::boolean AND t.a IS NOT NULL) AND ' +
        '(t.b = $3::boolean AND t.b IS NOT NULL) AND (t.c = $4::boolean AND t.c IS NOT NULL)))',
    );
  });
});
