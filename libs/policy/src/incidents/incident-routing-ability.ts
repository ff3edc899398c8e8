import { Role } from '@app/platform/vocabulary';
import { buildAbility, type CouncilAbility, type RawCouncilRule } from '../ability';
import { deriveFacts, type Reader } from '../reader';

export type IncidentRoutingAction =
  | 'read'
  | 'manage'
  | 'review'
  | 'retry'
  | 'configure'
  /**
   * Field level: how an authority receives (channel kind, target, routing rules, key) and, on a
   * delivery, the receiver's error as recorded. Without it a reader sees those fields withheld or
   * redacted (incident-routing-projection.ts).
   */
  | 'readChannel';
export type IncidentRoutingSubject = 'ReportingAuthority' | 'IncidentDelivery' | 'IncidentDeadline';
export type IncidentRoutingAbility = CouncilAbility<IncidentRoutingAction, IncidentRoutingSubject>;

/**
 * The one window's configuration and operations (issue 6):
 * - The secretariat (active) manages reporting authorities (create, update, deactivate, routing
 *   rules, channels) and configures follow-up deadlines; with a valid confidentiality pledge (as
 *   for reading reports) it also reviews overdue reports and every delivery, and retries a FAILED
 *   delivery.
 * - Every other active person reads the ACTIVE authorities' names, kinds and whether they need
 *   consent — what a reporter needs to choose the authorities a report may go to — never their
 *   channels or rules (which are not any member's business) and never an inactive one.
 * - An AUDITOR does none of it (ACCESS-POLICY.md: an overseer reads the logs and nothing else).
 * - Who reads the deliveries of a report is the report's policy (defineIncidentReportAbility):
 *   whoever may read a report sees where it went (incidentDeliveryReadSql). Of a delivery, only
 *   those who `review` deliveries `readChannel`: the channel and the receiver's error as recorded,
 *   which name the authority's hosts and addresses; the reporter's side reads a redacted error.
 */
export function defineIncidentRoutingAbility(reader: Reader, now: Date): IncidentRoutingAbility {
  const facts = deriveFacts(reader, now);
  const rules: RawCouncilRule<IncidentRoutingAction, IncidentRoutingSubject>[] = [];
  if (!reader.active || facts.isAuditor) return buildAbility(rules);
  rules.push({ action: 'read', subject: 'ReportingAuthority', conditions: { active: true } });
  if (reader.roles.includes(Role.SECRETARIAT)) {
    rules.push(
      { action: 'read', subject: 'ReportingAuthority' },
      { action: 'manage', subject: 'ReportingAuthority' },
      { action: 'readChannel', subject: 'ReportingAuthority' },
      { action: 'configure', subject: 'IncidentDeadline' },
    );
    // Lists that name reporting organisations and their reports: as for reading reports, a valid pledge.
    if (facts.pledgeValid) {
      rules.push(
        { action: 'review', subject: 'IncidentDeadline' },
        { action: 'review', subject: 'IncidentDelivery' },
        { action: 'readChannel', subject: 'IncidentDelivery' },
        { action: 'retry', subject: 'IncidentDelivery', conditions: { status: 'FAILED' } },
      );
    }
  }
  return buildAbility(rules);
}
