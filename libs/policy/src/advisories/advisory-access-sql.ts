import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import { ADVISORY_COLUMNS } from './advisory-columns';
import { ADVISORY, type AdvisoryAbility, type AdvisoryAction } from './advisory-ability';

/**
 * One action's rules as a SQL boolean over `advisories a`: FALSE when the ability has no rule for
 * it, TRUE when a rule has no conditions.
 */
export function actionToSql(ability: AdvisoryAbility, action: AdvisoryAction, params: SqlParameters): string {
  const ast = rulesToAST(ability, action, ADVISORY);
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, ADVISORY_COLUMNS, params);
}

/**
 * The policy as SQL for one reader: which rows exist for them, at which access level, and whether
 * the content of a withdrawn advisory stays readable. Built once per request, used by the page
 * query, the count, the search and the alert fan-out.
 */
export interface AdvisoryAccessSql {
  /** TRUE for rows the reader may see at all (FULL, TEAR_LINE or METADATA_ONLY). */
  visible: string;
  /** 'FULL' | 'TEAR_LINE' | 'METADATA_ONLY' for a visible row. */
  access: string;
  /** TRUE when the content of the view the reader gets may be shown (not retracted for them). */
  contentShown: string;
  params: SqlParameters;
}

export function advisoryAccessSql(ability: AdvisoryAbility, params: SqlParameters): AdvisoryAccessSql {
  const full = actionToSql(ability, 'readFull', params);
  const tearLine = actionToSql(ability, 'readTearLine', params);
  const metadata = actionToSql(ability, 'readMetadata', params);
  const retracted = actionToSql(ability, 'readRetracted', params);
  return {
    visible: `(${full} OR ${tearLine} OR ${metadata})`,
    access: `(CASE WHEN ${full} THEN 'FULL' WHEN ${tearLine} THEN 'TEAR_LINE' ELSE 'METADATA_ONLY' END)`,
    contentShown: `(a.status <> 'WITHDRAWN' OR ${retracted})`,
    params,
  };
}
