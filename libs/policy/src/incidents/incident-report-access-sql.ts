import { rulesToAST } from '@casl/ability/extra';
import { conditionToSql, type ColumnMap } from '../sql/condition-to-sql';
import type { SqlParameters } from '../sql/sql-fragment';
import { INCIDENT_REPORT, type IncidentReportAbility, type IncidentReportAction } from './incident-report-ability';

/**
 * The report fields the rules use, over `incident_reports r JOIN incident_cases c ON c.id =
 * r.incident_id` (every report query joins its incident).
 */
export const INCIDENT_REPORT_COLUMNS: ColumnMap = {
  authorId: { sql: 'r.author_id', type: 'uuid', array: false },
  incidentOpenedById: { sql: 'c.opened_by_id', type: 'uuid', array: false },
  organisationId: { sql: 'r.organisation_id', type: 'uuid', array: false },
};

/**
 * The reader's incident-report rules for `action` as a SQL boolean — the WHERE clause of every
 * list of reports: FALSE when no rule allows it, TRUE when a rule has no conditions.
 */
export function incidentReportActionToSql(ability: IncidentReportAbility, action: IncidentReportAction, params: SqlParameters): string {
  const ast = rulesToAST(ability, action, INCIDENT_REPORT);
  if (ast === null) return 'FALSE';
  return conditionToSql(ast, INCIDENT_REPORT_COLUMNS, params);
}

/**
 * Who may read a report's deliveries, as the WHERE clause of every list of deliveries: whoever may
 * read the report sees where it went. The delivery query joins the report as `r` and its incident
 * as `c` (`incident_deliveries d JOIN incident_reports r ON r.id = d.report_id JOIN incident_cases
 * c ON c.id = r.incident_id`), so the report's columns apply as they are.
 */
export function incidentDeliveryReadSql(reportAbility: IncidentReportAbility, params: SqlParameters): string {
  return incidentReportActionToSql(reportAbility, 'read', params);
}
