import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql, type ColumnMap } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import type { MembershipAbility, MembershipAction } from './membership-ability';

/** The Organisation fields membership rules use, over `organisations o`. */
export const ORGANISATION_COLUMNS: ColumnMap = {
  id: { sql: 'o.id', type: 'uuid', array: false },
};

/** The Person fields membership rules use, over `persons p`. */
export const PERSON_COLUMNS: ColumnMap = {
  id: { sql: 'p.id', type: 'uuid', array: false },
  organisationId: { sql: 'p.organisation_id', type: 'uuid', array: false },
  roles: { sql: 'p.roles', type: 'text', array: true },
  deactivatedBySecretariat: { sql: 'p.deactivated_by_secretariat', type: 'boolean', array: false },
};

/** The ClearanceGrantRequest fields membership rules use, over `clearance_grant_requests r`. */
export const CLEARANCE_GRANT_REQUEST_COLUMNS: ColumnMap = {
  personId: { sql: 'r.person_id', type: 'uuid', array: false },
  requestedById: { sql: 'r.requested_by_id', type: 'uuid', array: false },
};

const COLUMNS: Record<'Organisation' | 'Person' | 'ClearanceGrantRequest', ColumnMap> = {
  Organisation: ORGANISATION_COLUMNS,
  Person: PERSON_COLUMNS,
  ClearanceGrantRequest: CLEARANCE_GRANT_REQUEST_COLUMNS,
};

/**
 * A membership rule set as a SQL boolean, so that lists are filtered by the same rules as
 * single checks: FALSE when no rule allows the action, TRUE when a rule has no conditions.
 */
export function membershipActionToSql(
  ability: MembershipAbility,
  action: MembershipAction,
  type: 'Organisation' | 'Person' | 'ClearanceGrantRequest',
  params: SqlParameters,
): string {
  const ast = rulesToAST(ability, action, type);
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, COLUMNS[type], params);
}
