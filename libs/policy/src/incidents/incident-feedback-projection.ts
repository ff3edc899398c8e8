import type { IncidentReportAbility } from './incident-report-ability';

/** How the reporter's side sees the author of a secretariat message. */
export const SECRETARIAT_AUTHOR_NAME = 'Secretariat';

/**
 * A feedback message's author as the reader may see them: the secretariat's messages are signed by
 * the office (no name, no id) unless the reader may `readSecretariatAuthors`; the reporter's side
 * is always named (the secretariat reads the report, which names its author anyway).
 */
export function projectFeedbackAuthor(
  ability: IncidentReportAbility,
  message: { fromSecretariat: boolean; authorId: string; authorName: string },
): { authorId: string | null; authorName: string } {
  if (message.fromSecretariat && !ability.can('readSecretariatAuthors', 'IncidentReport')) {
    return { authorId: null, authorName: SECRETARIAT_AUTHOR_NAME };
  }
  return { authorId: message.authorId, authorName: message.authorName };
}
