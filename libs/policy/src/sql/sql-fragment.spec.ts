import { describe, expect, it } from '@jest/globals';
import { SqlParameters } from './sql-fragment';

describe('SqlParameters.named', () => {
  it('names the collector’s placeholders for a query builder, casts kept, the caller’s own left alone', () => {
    const params = new SqlParameters(1);
    const sql = `a.id = $1 AND (al.person_id = ${params.add('p', 'uuid')} OR d.status = ANY(${params.add(['FAILED'], 'text[]')}))`;
    expect(params.named(sql)).toEqual({
      sql: 'a.id = $1 AND (al.person_id = :policy_2::uuid OR d.status = ANY(:policy_3::text[]))',
      parameters: { policy_2: 'p', policy_3: ['FAILED'] },
    });
  });
});
