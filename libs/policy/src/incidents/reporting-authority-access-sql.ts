import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql, type ColumnMap } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import type { IncidentRoutingAbility } from './incident-routing-ability';

/** The authority fields the routing rules use, over `reporting_authorities a`. */
export const REPORTING_AUTHORITY_COLUMNS: ColumnMap = {
  active: { sql: 'a.active', type: 'boolean', array: false },
};

/**
 * Which reporting authorities the reader may read, as the WHERE clause of every list of them:
 * FALSE when no rule allows it, TRUE for the secretariat, the active ones for everyone else.
 */
export function reportingAuthorityReadSql(ability: IncidentRoutingAbility, params: SqlParameters): string {
  const ast = rulesToAST(ability, 'read', 'ReportingAuthority');
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, REPORTING_AUTHORITY_COLUMNS, params);
}
