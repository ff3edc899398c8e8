import { sql } from 'kysely';
import type { EntityManager } from 'typeorm';
import { db, typedSql } from '@app/platform/database/typed-sql';
import { isUuid } from '../queries/feed-cursor';
import type { AudienceContent } from './advisory-content';
import type { WritingProblem } from './writing-rules';

/**
 * The organisations and people an audience names must exist. Only existence is answered, never
 * anything about them: an author learns nothing of another organisation's membership.
 */
export async function unknownAudienceReferences(
  manager: EntityManager,
  audience: Pick<AudienceContent, 'organisationIds' | 'personIds'>,
): Promise<WritingProblem[]> {
  const problems: WritingProblem[] = [];
  const lists = [
    ['audience.organisationIds', 'organisations', 'organisation', audience.organisationIds],
    ['audience.personIds', 'persons', 'person', audience.personIds],
  ] as const;
  for (const [field, table, noun, ids] of lists) {
    const malformed = ids.filter((id) => !isUuid(id));
    for (const id of malformed) problems.push({ field, problem: `"${id}" is not an id` });
    const wellFormed = ids.filter((id) => isUuid(id));
    if (wellFormed.length === 0) continue;
    const rows = await typedSql(manager).rows(
      db
        .selectFrom(table)
        .select('id')
        .where('id', '=', sql<string>`ANY(${wellFormed}::uuid[])`),
    );
    const found = new Set(rows.map((row) => row.id));
    for (const id of wellFormed) if (!found.has(id)) problems.push({ field, problem: `no ${noun} has the id ${id}` });
  }
  return problems;
}
