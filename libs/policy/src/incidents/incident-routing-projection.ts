import type { ReportingChannelKind } from '@app/platform/vocabulary';
import type { IncidentRoutingAbility } from './incident-routing-ability';

/**
 * An error as a reporter may read it: the HTTP status or timeout an authority's receiver gave,
 * but not connection errors, which name the authority's hosts and addresses.
 */
export function reporterError(error: string | null): string | null {
  if (error === null) return null;
  if (/^receiver answered HTTP \d{3}$/.test(error) || /^no answer within \d+ ms$/.test(error)) return error;
  if (error.startsWith('the reporting authority was deactivated')) return error;
  if (error === 'the reporter withdrew consent before it was sent') return error;
  return "the authority's receiver could not be reached";
}

/** The delivery fields the policy shapes; every other field goes to whoever may read the delivery. */
export interface IncidentDeliveryGuardedFields {
  channelKind: ReportingChannelKind;
  lastError: string | null;
}

/**
 * A delivery's guarded fields as the reader may see them: as recorded with `readChannel`, else no
 * channel kind and the error in the reporter's wording.
 */
export function projectIncidentDelivery(
  ability: IncidentRoutingAbility,
  fields: IncidentDeliveryGuardedFields,
): { channelKind: ReportingChannelKind | null; lastError: string | null } {
  return ability.can('readChannel', 'IncidentDelivery')
    ? { channelKind: fields.channelKind, lastError: fields.lastError }
    : { channelKind: null, lastError: reporterError(fields.lastError) };
}

/** The authority fields the policy shapes; names, kind, consent and activity go to every reader of it. */
export interface ReportingAuthorityGuardedFields<Rules> {
  channelKind: ReportingChannelKind;
  target: string;
  routingRules: Rules;
  openPgpFingerprint: string | null;
}

/** An authority's channel and rules as the reader may see them: all of them, or none (null). */
export function projectReportingAuthority<Rules>(
  ability: IncidentRoutingAbility,
  fields: ReportingAuthorityGuardedFields<Rules>,
): { [K in keyof ReportingAuthorityGuardedFields<Rules>]: ReportingAuthorityGuardedFields<Rules>[K] | null } {
  return ability.can('readChannel', 'ReportingAuthority')
    ? {
        channelKind: fields.channelKind,
        target: fields.target,
        routingRules: fields.routingRules,
        openPgpFingerprint: fields.openPgpFingerprint,
      }
    : { channelKind: null, target: null, routingRules: null, openPgpFingerprint: null };
}
