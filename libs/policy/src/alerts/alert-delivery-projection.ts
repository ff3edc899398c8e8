import { AlertChannelKind } from '@app/platform/vocabulary';
import { asSubject } from '../membership/membership-ability';
import type { AlertAbility } from './alert-ability';

/**
 * Where a channel's target points, without what identifies the receiver: a webhook's origin (its
 * path or query is often the receiver's own credential), an address's domain.
 */
export function redactTarget(kind: AlertChannelKind, target: string | null): string | null {
  if (target === null) return null;
  if (kind === AlertChannelKind.EMAIL) {
    const at = target.lastIndexOf('@');
    return at >= 0 ? `*${target.slice(at)}` : '*';
  }
  try {
    return new URL(target).origin;
  } catch {
    return null;
  }
}

/** The delivery fields the policy shapes; every other field goes to whoever may read the delivery. */
export interface AlertDeliveryGuardedFields {
  /** The alert's person: whose channel it is. */
  personId: string;
  channelKind: AlertChannelKind;
  target: string | null;
}

/** A delivery's target as the reader may see it: in full with `readTarget`, else redacted. */
export function projectAlertDelivery(ability: AlertAbility, fields: AlertDeliveryGuardedFields): { target: string | null } {
  return ability.can('readTarget', asSubject('AlertDelivery', { personId: fields.personId }))
    ? { target: fields.target }
    : { target: redactTarget(fields.channelKind, fields.target) };
}
