import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql, type ColumnMap } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import type { AlertAbility, AlertAction } from './alert-ability';

/** The alert fields the rules use, over `alerts al`. */
export const ALERT_COLUMNS: ColumnMap = {
  personId: { sql: 'al.person_id', type: 'uuid', array: false },
};

/**
 * The delivery fields the rules use, over `alert_deliveries d JOIN alerts al ON al.id =
 * d.alert_id`: a delivery is its alert's person's.
 */
export const ALERT_DELIVERY_COLUMNS: ColumnMap = {
  personId: { sql: 'al.person_id', type: 'uuid', array: false },
  status: { sql: 'd.status', type: 'text', array: false },
};

/** The channel fields the rules use, over `alert_channels c`. */
export const ALERT_CHANNEL_COLUMNS: ColumnMap = {
  personId: { sql: 'c.person_id', type: 'uuid', array: false },
};

const COLUMNS = { Alert: ALERT_COLUMNS, AlertDelivery: ALERT_DELIVERY_COLUMNS, AlertChannel: ALERT_CHANNEL_COLUMNS } as const;

/**
 * The reader's rules for `action` on alerts, their deliveries or channels as a SQL boolean: FALSE
 * when no rule allows it, TRUE when a rule has no conditions (the secretariat's read of deliveries).
 */
export function alertActionToSql(ability: AlertAbility, action: AlertAction, subject: keyof typeof COLUMNS, params: SqlParameters): string {
  const ast = rulesToAST(ability, action, subject);
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, COLUMNS[subject], params);
}

/** Which deliveries the reader may read: the WHERE clause of every statement that lists or loads them. */
export function alertDeliveryReadSql(ability: AlertAbility, params: SqlParameters): string {
  return alertActionToSql(ability, 'read', 'AlertDelivery', params);
}

/** Which alerts the reader may read (`al`): the WHERE clause of every statement that lists or loads them. */
export function alertReadSql(ability: AlertAbility, params: SqlParameters): string {
  return alertActionToSql(ability, 'read', 'Alert', params);
}
