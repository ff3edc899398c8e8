import { PersonalDataCondition, ReportingAuthorityKind, type IncidentType, type Sector } from '@app/platform/vocabulary';
import type { RoutingRule } from '../authorities/routing-rule';

/** What the routing decision reads of an authority. */
export interface RoutableAuthority {
  id: string;
  kind: ReportingAuthorityKind;
  active: boolean;
  requiresReporterConsent: boolean;
  routingRules: readonly RoutingRule[];
}

/** What the routing decision reads of one submitted report (FIRST, FOLLOW_UP or FINAL). */
export interface RoutedSubmission {
  /** The report's affected sectors together with the reporting organisation's sectors. */
  sectors: readonly Sector[];
  incidentType: IncidentType | null;
  /** null: the reporter does not know yet. */
  personalDataInvolved: boolean | null;
  /** Authorities the reporter chose in addition to those the rules make due. */
  permittedAuthorityIds: readonly string[];
  /** The reporter's consent that the report also go to the police. */
  consentToPolice: boolean;
  /** Authorities that received an earlier report on the same incident. */
  earlierRecipientIds: readonly string[];
}

export type RoutingReason = 'RULE' | 'PERMITTED' | 'EARLIER_REPORT';

export interface RoutingVerdict {
  authorityId: string;
  receives: boolean;
  /** Why it receives (the first that applies), or why not. */
  reason: RoutingReason | 'INACTIVE' | 'NO_CONSENT' | 'NOT_DUE';
}

/** One rule: every non-empty condition holds. */
export function ruleMatches(rule: RoutingRule, submission: RoutedSubmission): boolean {
  if (rule.sectors.length > 0 && !rule.sectors.some((sector) => submission.sectors.includes(sector))) return false;
  if (rule.incidentTypes.length > 0 && (submission.incidentType === null || !rule.incidentTypes.includes(submission.incidentType))) {
    return false;
  }
  if (rule.personalData === PersonalDataCondition.INVOLVED && submission.personalDataInvolved !== true) return false;
  if (rule.personalData === PersonalDataCondition.NOT_INVOLVED && submission.personalDataInvolved !== false) return false;
  return true;
}

/**
 * The reporter consented to an authority that requires consent when they named it among the
 * permitted authorities, or — for a POLICE authority — when they ticked "consent to the police".
 */
export function reporterConsented(authority: RoutableAuthority, submission: RoutedSubmission): boolean {
  return (
    submission.permittedAuthorityIds.includes(authority.id) ||
    (authority.kind === ReportingAuthorityKind.POLICE && submission.consentToPolice)
  );
}

/**
 * Whether one submission goes to one authority. The rules (secretariat) say where a report is
 * due — a sector ministry for its sectors, the data-protection commission when personal data is
 * involved: the reporter cannot take those away, the one window files what the law requires. The
 * reporter adds voluntary recipients by naming them. So an authority receives a submission when
 *
 *   it is active,
 *   AND (one of its rules matches  OR  the reporter named it  OR  it received an earlier report
 *        on the same incident — so a FOLLOW_UP or FINAL reaches everyone who has the FIRST, even
 *        when the facts that made it due changed),
 *   AND, if it requires the reporter's consent (the police), this report carries that consent
 *        (reporterConsented): consent is asked again with every report, and a follow-up without it
 *        goes no further to the police even if earlier reports did.
 */
export function decideRouting(authority: RoutableAuthority, submission: RoutedSubmission): RoutingVerdict {
  const verdict = (receives: boolean, reason: RoutingVerdict['reason']): RoutingVerdict => ({ authorityId: authority.id, receives, reason });
  if (!authority.active) return verdict(false, 'INACTIVE');
  const reason: RoutingReason | null = authority.routingRules.some((rule) => ruleMatches(rule, submission))
    ? 'RULE'
    : submission.permittedAuthorityIds.includes(authority.id)
      ? 'PERMITTED'
      : submission.earlierRecipientIds.includes(authority.id)
        ? 'EARLIER_REPORT'
        : null;
  if (reason === null) return verdict(false, 'NOT_DUE');
  if (authority.requiresReporterConsent && !reporterConsented(authority, submission)) return verdict(false, 'NO_CONSENT');
  return verdict(true, reason);
}

/** The authorities that receive one submission, each once, in the order given. */
export function routeTo<T extends RoutableAuthority>(authorities: readonly T[], submission: RoutedSubmission): T[] {
  const seen = new Set<string>();
  return authorities.filter((authority) => {
    if (seen.has(authority.id)) return false;
    seen.add(authority.id);
    return decideRouting(authority, submission).receives;
  });
}
