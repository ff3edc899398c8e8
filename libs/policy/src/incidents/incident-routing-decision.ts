import { PersonalDataCondition, ReportingAuthorityKind, type IncidentType, type Sector } from '@app/platform/vocabulary';

/**
 * One routing rule of an authority. Every condition must hold for the rule to match; an empty
 * list is no condition.
 */
export interface RoutingRule {
  /** The report's sectors (its affected sectors and the reporting organisation's) meet one of these. */
  sectors: Sector[];
  /** The report's incident type is one of these (a report whose type is not known yet matches only []). */
  incidentTypes: IncidentType[];
  /** INVOLVED / NOT_INVOLVED match only a report that says so (not one that does not know yet). */
  personalData: PersonalDataCondition;
}

/** What the routing decision reads of an authority. */
export interface RoutableAuthority {
  id: string;
  kind: ReportingAuthorityKind;
  active: boolean;
  requiresReporterConsent: boolean;
  routingRules: readonly RoutingRule[];
}

/** What a report says about where it may go: as submitted, or carried over by a follow-up. */
export interface ReporterConsent {
  /** Authorities the reporter chose in addition to those the rules make due. */
  permittedAuthorityIds: readonly string[];
  /** The reporter's consent that the report also go to the police; false is a refusal. */
  consentToPolice: boolean;
}

/** What the routing decision reads of one submitted report (FIRST, FOLLOW_UP or FINAL). */
export interface RoutedSubmission extends ReporterConsent {
  /** The report's affected sectors together with the reporting organisation's sectors. */
  sectors: readonly Sector[];
  incidentType: IncidentType | null;
  /** null: the reporter does not know yet. */
  personalDataInvolved: boolean | null;
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
 * The police always require the reporter's consent, whatever the stored flag says (the
 * authorities' service refuses to clear it, and this decision does not rely on that).
 */
export function requiresConsent(authority: Pick<RoutableAuthority, 'kind' | 'requiresReporterConsent'>): boolean {
  return authority.requiresReporterConsent || authority.kind === ReportingAuthorityKind.POLICE;
}

/**
 * Whether the report carries the consent an authority requires. For the police it is the
 * "consent to the police" answer and nothing else: naming the police among the permitted
 * authorities does not outweigh a refusal (the form asks the question explicitly, and a
 * contradiction must fall on the side of not telling the police). Another authority that
 * requires consent has it when the reporter named it.
 */
export function reporterConsented(authority: Pick<RoutableAuthority, 'id' | 'kind'>, consent: ReporterConsent): boolean {
  if (authority.kind === ReportingAuthorityKind.POLICE) return consent.consentToPolice === true;
  return consent.permittedAuthorityIds.includes(authority.id);
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
 *   AND, if it requires the reporter's consent (the police always), this report carries that
 *        consent (reporterConsented). The consent is checked last and no reason above replaces
 *        it; a follow-up that withdraws it goes no further to that authority, and neither does a
 *        later one that leaves it out (a follow-up carries over the previous answer).
 */
export function decideRouting(authority: RoutableAuthority, submission: RoutedSubmission): RoutingVerdict {
  const verdict = (receives: boolean, reason: RoutingVerdict['reason']): RoutingVerdict => ({
    authorityId: authority.id,
    receives,
    reason,
  });
  if (!authority.active) return verdict(false, 'INACTIVE');
  const reason: RoutingReason | null = authority.routingRules.some((rule) => ruleMatches(rule, submission))
    ? 'RULE'
    : submission.permittedAuthorityIds.includes(authority.id)
      ? 'PERMITTED'
      : submission.earlierRecipientIds.includes(authority.id)
        ? 'EARLIER_REPORT'
        : null;
  if (reason === null) return verdict(false, 'NOT_DUE');
  if (requiresConsent(authority) && !reporterConsented(authority, submission)) return verdict(false, 'NO_CONSENT');
  return verdict(true, reason);
}

/**
 * At send time (the worker), whether a delivery routed earlier may still go: consent is read
 * again from the incident's latest report, so a withdrawal made after routing — while the
 * delivery waited for a worker, a retry or the secretariat's retry — stops it.
 */
export function mayStillDeliver(
  authority: Pick<RoutableAuthority, 'id' | 'kind' | 'requiresReporterConsent'>,
  latest: ReporterConsent,
): boolean {
  return !requiresConsent(authority) || reporterConsented(authority, latest);
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
