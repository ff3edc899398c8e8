import { format } from 'sql-formatter';
import { defineAdvisoryAbility } from '../../libs/policy/src/advisories/advisory-ability';
import { advisoryAccessSql } from '../../libs/policy/src/advisories/advisory-access-sql';
import { advisoryAudienceSql } from '../../libs/policy/src/advisories/advisory-audience-sql';
import { defineAlertAbility, type AlertAction } from '../../libs/policy/src/alerts/alert-ability';
import { alertActionToSql } from '../../libs/policy/src/alerts/alert-access-sql';
import { alertRecipientAccessSql } from '../../libs/policy/src/alerts/alert-recipient-access-sql';
import { defineIncidentReportAbility, type IncidentReportAction } from '../../libs/policy/src/incidents/incident-report-ability';
import { incidentReportActionToSql } from '../../libs/policy/src/incidents/incident-report-access-sql';
import { defineIncidentRoutingAbility } from '../../libs/policy/src/incidents/incident-routing-ability';
import { reportingAuthorityReadSql } from '../../libs/policy/src/incidents/reporting-authority-access-sql';
import { defineMembershipAbility } from '../../libs/policy/src/membership/membership-ability';
import { membershipActionToSql } from '../../libs/policy/src/membership/membership-access-sql';
import type { Reader } from '../../libs/policy/src/reader';
import { SqlParameters } from '../../libs/policy/src/sql/sql-fragment';
import { ADVISORY_STATES, READER_STATES, SNAPSHOT_NOW } from './reader-states';

/** Where the snapshots live, relative to the repository root. */
export const SNAPSHOT_DIRECTORY = 'libs/policy/sql-snapshots';

interface Statement {
  /** `<reader state>: <action>` (or `<advisory>: <use>`). */
  label: string;
  sql: string;
  values: readonly unknown[];
}

interface Area {
  file: string;
  source: string;
  over: string;
  statements: () => Statement[];
}

/** A reader-side piece compiled with its own parameters, so each statement's $n start at 1. */
function compiled(label: string, build: (params: SqlParameters) => string): Statement {
  const params = new SqlParameters();
  const sql = build(params);
  return { label, sql, values: params.values };
}

function perReader(actions: Array<[string, (reader: Reader, params: SqlParameters) => string]>): Statement[] {
  return READER_STATES.flatMap(({ name, reader }) =>
    actions.map(([action, build]) => compiled(`${name}: ${action}`, (params) => build(reader, params))),
  );
}

const advisoryAccess = (reader: Reader, params: SqlParameters) =>
  advisoryAccessSql(defineAdvisoryAbility(reader, SNAPSHOT_NOW), params, reader.organisation?.sectors ?? []);

const AREAS: Area[] = [
  {
    file: 'advisory-access.sql',
    source: 'libs/policy/src/advisories/advisory-access-sql.ts',
    over: 'advisories a',
    statements: () =>
      perReader([
        ['feed WHERE (visible rows)', (reader, params) => `WHERE ${advisoryAccess(reader, params).visible}`],
        ['access level CASE', (reader, params) => `SELECT ${advisoryAccess(reader, params).access} AS access`],
        ['content shown (withdrawn)', (reader, params) => `WHERE ${advisoryAccess(reader, params).contentShown}`],
        ['sector filter [FINANCE]', (reader, params) => `WHERE ${advisoryAccess(reader, params).sectorFilter(['FINANCE'])}`],
      ]),
  },
  {
    file: 'advisory-audience.sql',
    source: 'libs/policy/src/advisories/advisory-audience-sql.ts',
    over: 'persons p LEFT JOIN organisations o ON o.id = p.organisation_id',
    statements: () =>
      ADVISORY_STATES.flatMap(({ name, advisory }) => [
        compiled(`${name}: fan-out at publication WHERE (rule A)`, (params) => {
          const audience = advisoryAudienceSql(advisory, SNAPSHOT_NOW, params, { asPublished: true });
          return `WHERE (${audience.ruleAFull} OR ${audience.ruleATearLine})`;
        }),
        compiled(`${name}: access report CASE`, (params) => {
          const audience = advisoryAudienceSql(advisory, SNAPSHOT_NOW, params, { asPublished: true });
          return `SELECT ${audience.access} AS access`;
        }),
      ]),
  },
  {
    file: 'alert-access.sql',
    source: 'libs/policy/src/alerts/alert-access-sql.ts',
    over: 'alerts al; alert_deliveries d JOIN alerts al ON al.id = d.alert_id; alert_channels c',
    statements: () => {
      const action = (subject: 'Alert' | 'AlertDelivery' | 'AlertChannel', name: AlertAction) =>
        [
          `${name} ${subject}`,
          (reader: Reader, params: SqlParameters) => `WHERE ${alertActionToSql(defineAlertAbility(reader), name, subject, params)}`,
        ] as [string, (reader: Reader, params: SqlParameters) => string];
      return perReader([
        action('Alert', 'read'),
        action('Alert', 'acknowledge'),
        action('AlertDelivery', 'read'),
        action('AlertDelivery', 'readTarget'),
        action('AlertDelivery', 'retry'),
        action('AlertChannel', 'read'),
      ]);
    },
  },
  {
    file: 'alert-recipient-access.sql',
    source: 'libs/policy/src/alerts/alert-recipient-access-sql.ts',
    over: 'persons p LEFT JOIN organisations o ON o.id = p.organisation_id',
    statements: () => {
      const everyone = READER_STATES.map(({ reader }) => reader.id);
      return [
        ...ADVISORY_STATES.map(({ name, advisory }) => ({
          label: `${name}: send-time check for every reader state`,
          ...alertRecipientAccessSql([{ advisory, personIds: everyone }], SNAPSHOT_NOW),
        })),
        {
          label: 'the first two advisories: one batch of sends',
          ...alertRecipientAccessSql(
            ADVISORY_STATES.slice(0, 2).map(({ advisory }) => ({ advisory, personIds: everyone.slice(0, 3) })),
            SNAPSHOT_NOW,
          ),
        },
        { label: 'nothing asked', ...alertRecipientAccessSql([], SNAPSHOT_NOW) },
      ];
    },
  },
  {
    file: 'incident-report-access.sql',
    source: 'libs/policy/src/incidents/incident-report-access-sql.ts',
    over: 'incident_reports r JOIN incident_cases c ON c.id = r.incident_id',
    statements: () =>
      perReader(
        (['read', 'followUp', 'postFeedback'] as IncidentReportAction[]).map((action) => [
          action,
          (reader, params) => `WHERE ${incidentReportActionToSql(defineIncidentReportAbility(reader, SNAPSHOT_NOW), action, params)}`,
        ]),
      ),
  },
  {
    file: 'reporting-authority-access.sql',
    source: 'libs/policy/src/incidents/reporting-authority-access-sql.ts',
    over: 'reporting_authorities a',
    statements: () =>
      perReader([
        ['read', (reader, params) => `WHERE ${reportingAuthorityReadSql(defineIncidentRoutingAbility(reader, SNAPSHOT_NOW), params)}`],
      ]),
  },
  {
    file: 'membership-access.sql',
    source: 'libs/policy/src/membership/membership-access-sql.ts',
    over: 'organisations o; persons p; clearance_grant_requests r',
    statements: () =>
      perReader(
        (['Organisation', 'Person', 'ClearanceGrantRequest'] as const).map((subject) => [
          `read ${subject}`,
          (reader, params) => `WHERE ${membershipActionToSql(defineMembershipAbility(reader, SNAPSHOT_NOW), 'read', subject, params)}`,
        ]),
      ),
  },
];

/** Fixed options: a formatter upgrade that changes its output shows up as a snapshot diff too. */
function formatSql(sql: string): string {
  return format(sql, {
    language: 'postgresql',
    tabWidth: 2,
    keywordCase: 'preserve',
    dataTypeCase: 'preserve',
    functionCase: 'preserve',
    identifierCase: 'preserve',
    expressionWidth: 80,
    logicalOperatorNewline: 'before',
  });
}

function parameterLines(values: readonly unknown[]): string[] {
  if (values.length === 0) return ['-- (no parameters)'];
  return values.map((value, index) => `-- $${index + 1} = ${JSON.stringify(value)}`);
}

function renderArea(area: Area): string {
  const header = [
    `-- Policy SQL snapshot: ${area.source}`,
    `-- Generated by \`npm run policy:sql\` (scripts/policy-sql); do not edit. Clock: ${SNAPSHOT_NOW.toISOString()}.`,
    `-- Column names are those of: ${area.over}`,
  ];
  const statements = area
    .statements()
    .map((statement) => [`-- ${statement.label}`, ...parameterLines(statement.values), `${formatSql(statement.sql)};`].join('\n'));
  return `${[header.join('\n'), ...statements].join('\n\n')}\n`;
}

/** Every snapshot file's name and content, compiled now from the policy as it is. */
export function renderPolicySqlSnapshots(): Map<string, string> {
  return new Map(AREAS.map((area) => [area.file, renderArea(area)]));
}
