import { IncidentReportPurpose } from '@app/platform/vocabulary';

/**
 * What a reporter allows their report to serve. The reporter's current word is the incident's
 * latest report (a follow-up may withdraw a purpose from the earlier reports too), and a report
 * serves a purpose only when both it and that latest report allow it.
 */
export function permitsPurpose(report: { permittedPurposes: readonly IncidentReportPurpose[] }, purpose: IncidentReportPurpose): boolean {
  return report.permittedPurposes.includes(purpose);
}

/**
 * The same rule as SQL over the incident's latest report (`latest` is its alias, `purpose` the
 * parameter holding the purpose): for statistics, which count incidents by their latest report,
 * and for deriving advisories, which must not use a report whose reporter has since withdrawn it.
 */
export function purposePermittedSql(latest: string, purpose: string): string {
  return `${purpose} = ANY(${latest}.permitted_purposes)`;
}

/** Counting an incident in the council's statistics. */
export const STATISTICS_PURPOSE = IncidentReportPurpose.STATISTICS;
/** Sanitising a report into an advisory for members. */
export const SHARING_PURPOSE = IncidentReportPurpose.SHARING_AFTER_SANITISING;
