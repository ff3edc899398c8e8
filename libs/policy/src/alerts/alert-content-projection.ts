import { AccessLevel, AdvisoryStatus, Classification } from '@app/platform/vocabulary';
import type { AdvisoryRecord } from '../advisories/advisory-projection';

/**
 * What an alert may carry outside the platform (ALERTS.md "What an alert carries"): the title and
 * recommended actions of the view the recipient reads (`access`, as the fan-out recorded it) only
 * when that view is UNCLASSIFIED and the advisory is still published (a withdrawn advisory's
 * content is retracted); otherwise nothing, and the alert shows a placeholder. Never a body,
 * indicators, originator or audience.
 */
export function projectAlertContent(
  advisory: AdvisoryRecord,
  access: AccessLevel,
  withdrawn: boolean,
): { title: string; recommendedActions: string[] } | null {
  const view =
    access === AccessLevel.FULL
      ? { classification: advisory.fullClassification, title: advisory.fullTitle, actions: advisory.fullRecommendedActions }
      : access === AccessLevel.TEAR_LINE && advisory.hasTearLine
        ? { classification: advisory.tearLineClassification, title: advisory.tearLineTitle, actions: advisory.tearLineRecommendedActions }
        : null;
  const shareable =
    view !== null &&
    view.classification === Classification.UNCLASSIFIED &&
    advisory.status === AdvisoryStatus.PUBLISHED &&
    !withdrawn &&
    typeof view.title === 'string';
  return shareable ? { title: view.title as string, recommendedActions: [...(view.actions ?? [])] } : null;
}
