/**
 * The raw reads of advisories, advisory_versions, widening_proposals and incident_reports outside
 * the policy and the query services (policy-bound-reads.spec.ts), each with why it needs no reader
 * or already applies the policy. `count` is how many times the file reads that table: a second
 * read in an allowed file fails the test until it is listed and explained here too.
 */
export interface AllowedRawRead {
  file: string;
  table: string;
  count: number;
  reason: string;
}

export const POLICY_BOUND_READ_ALLOW_LIST: readonly AllowedRawRead[] = [
  // Advisories: decisions after a policy check.
  {
    file: 'libs/advisories/src/versions/advisory-versions.service.ts',
    table: 'advisory_versions',
    count: 1,
    reason: "versions of an advisory locked through lockVisible after the policy's listVersions check",
  },
  {
    file: 'libs/advisories/src/widening/widening-proposal.service.ts',
    table: 'widening_proposals',
    count: 3,
    reason:
      'listPending has the policy (consentWidening/proposeWidening) in its WHERE; load takes ids from it or from a checked propose/decline; decide locks, then checks',
  },
  {
    file: 'libs/advisories/src/widening/widening-proposal.service.ts',
    table: 'advisories',
    count: 2,
    reason:
      "listPending's policy WHERE joins the advisory; load reads the advisories of proposals already allowed and projects them through the reader's ability",
  },
  // Alerts: system paths with no reader; what leaves the platform is re-checked in SQL when sent.
  {
    file: 'libs/alerts/src/fanout/alert-fanout.service.ts',
    table: 'advisories',
    count: 4,
    reason: "fan-out of an outbox event: the audience is the policy's advisoryAudienceSql over persons",
  },
  {
    file: 'libs/alerts/src/escalation/alert-escalation.service.ts',
    table: 'advisories',
    count: 2,
    reason: 'escalation of a sent alert: recipients are re-selected with advisoryAudienceSql',
  },
  {
    file: 'libs/alerts/src/deliveries/alert-delivery.service.ts',
    table: 'advisories',
    count: 2,
    reason: 'send-time: the payload is built only at the level alertRecipientAccessSql answers for the recipient now',
  },
  {
    file: 'libs/alerts/src/digest/alert-digest.service.ts',
    table: 'advisories',
    count: 1,
    reason: 'digest send-time: items are kept only at the level alertRecipientAccessSql answers now',
  },
  {
    file: 'libs/alerts/src/preferences/alert-storm-control.ts',
    table: 'advisories',
    count: 1,
    reason: "coalescing outbox events: reads only the advisory's severity, nothing goes to a person",
  },
  // Incident reports: the worker's routing and reminders, and reads after the report policy.
  {
    file: 'libs/incidents/src/deliveries/incident-delivery.service.ts',
    table: 'incident_reports',
    count: 2,
    reason: "worker sending a report to the authority it was routed to under the reporter's consent (routing decision)",
  },
  {
    file: 'libs/incidents/src/deliveries/incident-delivery-view.service.ts',
    table: 'incident_reports',
    count: 1,
    reason: "deliveries joined to their report so that incidentDeliveryReadSql (the report's read policy) is the WHERE",
  },
  {
    file: 'libs/incidents/src/deadlines/incident-deadline.service.ts',
    table: 'incident_reports',
    count: 1,
    reason:
      "FIRST reports' due times: the worker's reminder check, the secretariat's overdue list (review checked), followUpOf on a report read through the policy",
  },
  {
    file: 'libs/incidents/src/deadlines/incident-reminder-sender.service.ts',
    table: 'incident_reports',
    count: 1,
    reason: 'worker sending a reminder to the reporter of an overdue FIRST report: no content leaves, only its due time',
  },
  {
    file: 'libs/incidents/src/reports/incident-report-submission.service.ts',
    table: 'incident_reports',
    count: 1,
    reason: "the latest report of an incident locked through lockIncident with the policy's followUp, as the base of the follow-up",
  },
  {
    file: 'libs/incidents/src/statistics/incident-statistics.service.ts',
    table: 'incident_reports',
    count: 1,
    reason: 'aggregate counts for the triaging secretariat (assertTriage), filtered by the permitted purpose',
  },
  {
    file: 'libs/incidents/src/triage/advisory-derivation.service.ts',
    table: 'incident_reports',
    count: 3,
    reason: 'derivation by the secretariat after findVisibleMany: latest purposes and reporter ids, to withhold names',
  },
  // Operator tools run against a database, not for a person.
  { file: 'scripts/bench/explain.ts', table: 'advisories', count: 1, reason: 'benchmark: picks sample ids for EXPLAIN' },
  { file: 'scripts/bench/feed-http.ts', table: 'advisories', count: 1, reason: 'benchmark: touches a row to invalidate feed caches' },
  { file: 'scripts/bench/feed.ts', table: 'advisories', count: 1, reason: 'benchmark: the policy-free baseline query it compares against' },
  { file: 'scripts/bench/naive.ts', table: 'advisories', count: 3, reason: 'benchmark: the naive fetch-then-filter it measures against' },
  {
    file: 'scripts/bench/seed.ts',
    table: 'advisories',
    count: 5,
    reason: 'benchmark seeding: prints the distribution of the generated data',
  },
  {
    file: 'scripts/ops/backup-test.ts',
    table: 'advisories',
    count: 2,
    reason: 'restore drill: writes sample outbox/access rows from the restored data',
  },
];
