import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { POLICY_BOUND_READ_ALLOW_LIST } from './policy-bound-reads.allow-list';

/**
 * Advisory and incident report content is read for a person only through the query services,
 * which take the reader and put the policy in the statement's WHERE clause. Any other read of
 * those tables in application code must be on the allow-list, with its reason and how many times
 * the file reads the table, so a new raw read (also a second one in an allowed file) fails here.
 */
const ROOT = process.cwd();
const SCANNED = ['apps', 'libs', 'scripts'];
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;
const SKIPPED = /(\.spec\.ts$|\/migrations\/|\/node_modules\/|\/dist\/)/;

/** Where reads go through the policy by construction: the policy itself and the query services. */
const POLICY_DOORS = [
  /^libs\/policy\//,
  /^libs\/advisories\/src\/queries\//,
  /^libs\/incidents\/src\/reports\/incident-report-query\.service\.ts$/,
];

const TABLE_OF_ENTITY: Record<string, string> = {
  AdvisoryEntity: 'advisories',
  AdvisoryVersionEntity: 'advisory_versions',
  WideningProposalEntity: 'widening_proposals',
  IncidentReportEntity: 'incident_reports',
};
const TABLES = Object.values(TABLE_OF_ENTITY).join('|');
const ENTITIES = Object.keys(TABLE_OF_ENTITY).join('|');

const READS: RegExp[] = [
  // SQL, in any case, optionally schema-qualified or quoted.
  new RegExp(`\\b(?:from|join)\\s+(?:"?public"?\\.)?"?(${TABLES})"?\\b`, 'gi'),
  // Kysely (libs/platform/src/database/typed-sql.ts): a table named in a select, a join, a delete or an update's FROM.
  new RegExp(
    `\\b(?:selectFrom|deleteFrom|from|innerJoin|leftJoin|rightJoin|fullJoin|crossJoin)\\s*\\(\\s*['"\`](?:public\\.)?(${TABLES})\\b`,
    'g',
  ),
  // TypeORM: repositories and entity-manager or query-builder reads of the entities.
  new RegExp(
    `\\b(?:getRepository|InjectRepository|find|findBy|findOne|findOneBy|findOneOrFail|findOneByOrFail|findAndCount|findAndCountBy|` +
      `count|countBy|exists|existsBy|sum|average|minimum|maximum|createQueryBuilder|from|innerJoin|leftJoin|innerJoinAndSelect|leftJoinAndSelect)` +
      `\\s*\\(\\s*(${ENTITIES})\\b`,
    'g',
  ),
  new RegExp(`\\bRepository\\s*<\\s*(${ENTITIES})\\s*>`, 'g'),
  new RegExp(`forFeature\\s*\\(\\s*\\[[^\\]]*\\b(${ENTITIES})\\b`, 'g'),
];

export interface RawRead {
  file: string;
  table: string;
  line: number;
  text: string;
}

function sourceFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' || entry.name === 'dist' ? [] : sourceFiles(path);
    return SOURCE.test(entry.name) ? [path] : [];
  });
}

/** Comment lines are blanked (not removed, so line numbers hold): prose may say "from advisories". */
function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^\s*(\/\/|\/\*|\*)/.test(line) ? '' : line))
    .join('\n');
}

export function rawReads(): RawRead[] {
  const reads: RawRead[] = [];
  for (const path of SCANNED.flatMap((directory) => sourceFiles(join(ROOT, directory)))) {
    const file = relative(ROOT, path).split('\\').join('/');
    if (SKIPPED.test(`/${file}`) || POLICY_DOORS.some((door) => door.test(file))) continue;
    const text = withoutCommentLines(readFileSync(path, 'utf8'));
    const lines = text.split('\n');
    for (const pattern of READS) {
      for (const match of text.matchAll(pattern)) {
        const name = match[1];
        const line = text.slice(0, match.index).split('\n').length;
        reads.push({ file, table: TABLE_OF_ENTITY[name] ?? name.toLowerCase(), line, text: lines[line - 1].trim() });
      }
    }
  }
  return reads.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

describe('reads that cannot skip the policy', () => {
  it('reads advisories, their versions, widening proposals and incident reports only through the policy or an allow-listed path', () => {
    const found = new Map<string, RawRead[]>();
    for (const read of rawReads()) {
      const key = `${read.file} ${read.table}`;
      found.set(key, [...(found.get(key) ?? []), read]);
    }
    const allowed = new Map(POLICY_BOUND_READ_ALLOW_LIST.map((entry) => [`${entry.file} ${entry.table}`, entry]));
    const problems: string[] = [];
    for (const [key, reads] of found) {
      const entry = allowed.get(key);
      if (!entry || reads.length > entry.count) {
        problems.push(
          `${key}: ${reads.length} raw read(s), ${entry?.count ?? 0} allowed. Read through AdvisoryQueryService / ` +
            `IncidentReportQueryService with the reader, or allow-list it with its reason:\n` +
            reads.map((read) => `    ${read.file}:${read.line}: ${read.text}`).join('\n'),
        );
      }
    }
    for (const [key, entry] of allowed) {
      const count = found.get(key)?.length ?? 0;
      if (count < entry.count) problems.push(`${key}: the allow-list allows ${entry.count}, there are ${count}: lower it`);
    }
    expect(problems).toEqual([]);
  });
});
