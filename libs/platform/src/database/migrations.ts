import type { MigrationInterface } from 'typeorm';
import { Initial1795599818813 } from './migrations/1795599818813-Initial';
import { ConstraintsAndIndexes1795599900000 } from './migrations/1795599900000-ConstraintsAndIndexes';
import { Alerts1795601497305 } from './migrations/1795601497305-Alerts';
import { AlertEscalationAndReconciliation1795602856365 } from './migrations/1795602856365-AlertEscalationAndReconciliation';
import { FeedPlannerSettings1795603500000 } from './migrations/1795603500000-FeedPlannerSettings';
import { AlertPreferencesAndStormControl1795603642366 } from './migrations/1795603642366-AlertPreferencesAndStormControl';
import { EmailSecurity1795604984598 } from './migrations/1795604984598-EmailSecurity';
import { DeliverySendingClaim1795607700000 } from './migrations/1795607700000-DeliverySendingClaim';
import { FeedTokens1795700000000 } from './migrations/1795700000000-FeedTokens';
import { TaxiiDateAddedIndex1795700100000 } from './migrations/1795700100000-TaxiiDateAddedIndex';
import { IncidentReports1795710000000 } from './migrations/1795710000000-IncidentReports';
import { IncidentRouting1795720000000 } from './migrations/1795720000000-IncidentRouting';
import { DataVersion1795800000000 } from './migrations/1795800000000-DataVersion';
import { AccessChangedAt1795810000000 } from './migrations/1795810000000-AccessChangedAt';
import { IncidentDeliveryCancelled1795821300000 } from './migrations/1795821300000-IncidentDeliveryCancelled';
import { AuditCheckpoints1795821400000 } from './migrations/1795821400000-AuditCheckpoints';
import { DeactivatedBy1795824000000 } from './migrations/1795824000000-DeactivatedBy';
import { ClearanceGrantRequests1795824100000 } from './migrations/1795824100000-ClearanceGrantRequests';
import { AlertChannelConfirmation1795826400000 } from './migrations/1795826400000-AlertChannelConfirmation';
import { AlertDeliveryCancelled1795834000000 } from './migrations/1795834000000-AlertDeliveryCancelled';

/** Every migration, oldest first. `npm run migration:generate` writes new ones into ./migrations. */
export const MIGRATIONS: Array<new () => MigrationInterface> = [
  Initial1795599818813,
  ConstraintsAndIndexes1795599900000,
  Alerts1795601497305,
  AlertEscalationAndReconciliation1795602856365,
  FeedPlannerSettings1795603500000,
  AlertPreferencesAndStormControl1795603642366,
  EmailSecurity1795604984598,
  DeliverySendingClaim1795607700000,
  FeedTokens1795700000000,
  TaxiiDateAddedIndex1795700100000,
  IncidentReports1795710000000,
  IncidentRouting1795720000000,
  DataVersion1795800000000,
  AccessChangedAt1795810000000,
  IncidentDeliveryCancelled1795821300000,
  AuditCheckpoints1795821400000,
  DeactivatedBy1795824000000,
  ClearanceGrantRequests1795824100000,
  AlertChannelConfirmation1795826400000,
  AlertDeliveryCancelled1795834000000,
];
