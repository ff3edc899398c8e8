import type { MongoQuery } from '@casl/ability';
import { Role } from '@app/platform/vocabulary';
import { buildAbility, type CouncilAbility, type RawCouncilRule } from '../ability';
import { deriveFacts, type Reader } from '../reader';

export type IncidentReportAction =
  /** Read a report: its content, its feedback thread, the advisories it led to. */
  | 'read'
  /** Open a new incident with a FIRST report (type-level). */
  | 'submit'
  /** Add a FOLLOW_UP or FINAL report to the incident of this report. */
  | 'followUp'
  /** Write in the report's feedback thread. */
  | 'postFeedback'
  /** Campaigns, links and advisories derived from reports (type-level: the secretariat's work). */
  | 'triage'
  /**
   * Field level (type-level): who in the secretariat wrote a feedback message. The secretariat
   * speaks to the reporter's side as an office (incident-feedback-projection.ts).
   */
  | 'readSecretariatAuthors';
export const INCIDENT_REPORT = 'IncidentReport';
export type IncidentReportSubject = typeof INCIDENT_REPORT;
export type IncidentReportAbility = CouncilAbility<IncidentReportAction, IncidentReportSubject>;

/**
 * The fields of a report that the rules look at. `incidentOpenedById` is the author of the
 * incident's FIRST report: whoever opened an incident reads every report on it, also the
 * follow-ups a colleague (CISO, ORG_ADMIN) added.
 */
export interface IncidentReportSubjectFields {
  authorId: string;
  incidentOpenedById: string;
  organisationId: string | null;
}

/** Roles that read every report of their own organisation (issue 6: "ORG_ADMIN/CISO people"). */
export const ORGANISATION_REPORT_ROLES: readonly Role[] = [Role.ORG_ADMIN, Role.CISO];

/**
 * Who sees and handles incident reports (issue 6 "Access"):
 * - the author of a report, and the person who opened its incident;
 * - ORG_ADMIN and CISO people of the reporting organisation, while they and it are active;
 * - the secretariat (active, with a valid confidentiality pledge, as for reading advisory
 *   content under rule B), which alone triages;
 * - never other members. Not found and not allowed look the same (the caller's concern).
 *
 * Decisions where the issue is silent:
 * - An AUDITOR reads no report at all, whatever else they hold (ACCESS-POLICY.md: an overseer
 *   reads the logs "and nothing else"); the audit log records every change to reports.
 * - Reading one's own organisation's reports needs no current membership (the reports are the
 *   organisation's own information), but submitting and following up do (`isMember`), like
 *   authoring advisories: a lapsed agreement or pledge stops new reports through the council.
 * - Feedback is written by whoever may read the report: the reporter's side and the secretariat.
 *   The secretariat's people are named to the secretariat only.
 */
export function defineIncidentReportAbility(reader: Reader, now: Date): IncidentReportAbility {
  const facts = deriveFacts(reader, now);
  const org = reader.organisation;
  const rules: RawCouncilRule<IncidentReportAction, IncidentReportSubject>[] = [];
  const can = (action: IncidentReportAction, conditions?: MongoQuery) =>
    rules.push({ action, subject: INCIDENT_REPORT, ...(conditions ? { conditions } : {}) });

  if (!reader.active || facts.isAuditor) return buildAbility(rules);

  if (facts.activeWithOrganisation) {
    const reporterSide: MongoQuery[] = [{ authorId: reader.id }, { incidentOpenedById: reader.id }];
    if (org && reader.roles.some((role) => ORGANISATION_REPORT_ROLES.includes(role))) {
      reporterSide.push({ organisationId: org.id });
    }
    for (const conditions of reporterSide) {
      can('read', conditions);
      can('postFeedback', conditions);
      if (facts.isMember) can('followUp', conditions);
    }
    if (facts.isMember) can('submit');
  }

  if (facts.isSecretariat && facts.pledgeValid) {
    can('read');
    can('postFeedback');
    can('triage');
  }
  // Also a secretariat person on the reporter's side of their own office's report, pledge or not.
  if (facts.isSecretariat) can('readSecretariatAuthors');
  return buildAbility(rules);
}
