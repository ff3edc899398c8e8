import { ADVISORY_ENTITIES } from '@app/advisories/advisory-entities';
import { ALERT_ENTITIES } from '@app/alerts/alert-entities';
import { AUDIT_ENTITIES } from '@app/audit/audit-entities';
import { FEED_ENTITIES } from '@app/feeds/feed-entities';
import { IDENTITY_ENTITIES } from '@app/identity/identity-entities';
import { INCIDENT_ENTITIES } from '@app/incidents/incident-entities';
import { MEMBERSHIP_ENTITIES } from '@app/membership/membership-entities';
import { OUTBOX_ENTITIES } from '@app/outbox/outbox-entities';

/**
 * Every table's entity, as a class list (not a glob) so that ts-node, Jest and dist agree: for a
 * DataSource outside the applications' modules (the TypeORM CLI, scripts, tests). The applications
 * do not use it; there each domain module registers its own entities.
 */
export const ENTITIES = [
  ...MEMBERSHIP_ENTITIES,
  ...IDENTITY_ENTITIES,
  ...AUDIT_ENTITIES,
  ...ADVISORY_ENTITIES,
  ...OUTBOX_ENTITIES,
  ...ALERT_ENTITIES,
  ...FEED_ENTITIES,
  ...INCIDENT_ENTITIES,
];
