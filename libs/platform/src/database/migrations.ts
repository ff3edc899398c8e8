import { Initial1795599818813 } from './migrations/1795599818813-Initial';
import { ConstraintsAndIndexes1795599900000 } from './migrations/1795599900000-ConstraintsAndIndexes';
import { Alerts1795601497305 } from './migrations/1795601497305-Alerts';
import { AlertEscalationAndReconciliation1795602856365 } from './migrations/1795602856365-AlertEscalationAndReconciliation';
import { FeedPlannerSettings1795603500000 } from './migrations/1795603500000-FeedPlannerSettings';
import { AlertPreferencesAndStormControl1795603642366 } from './migrations/1795603642366-AlertPreferencesAndStormControl';
import { EmailSecurity1795604984598 } from './migrations/1795604984598-EmailSecurity';
import { DeliverySendingClaim1795607700000 } from './migrations/1795607700000-DeliverySendingClaim';

/** Every migration, oldest first. `npm run migration:generate` writes new ones into ./migrations. */
export const MIGRATIONS: Function[] = [Initial1795599818813, ConstraintsAndIndexes1795599900000, Alerts1795601497305, AlertEscalationAndReconciliation1795602856365, FeedPlannerSettings1795603500000, AlertPreferencesAndStormControl1795603642366, EmailSecurity1795604984598, DeliverySendingClaim1795607700000];
