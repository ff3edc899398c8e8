import type { AdvisoryContent } from '@app/advisories/lifecycle/advisory-content';

/** Names shorter than this are too common as parts of words to be checked for. */
const MIN_CHECKED_LENGTH = 3;

/**
 * Where an advisory derived from reports names one of its reporters (an organisation's name, a
 * person's name or e-mail address): the content is chosen by hand, and a slip here would undo the
 * promise that reporters are never shown to readers. Answers the offending fields.
 */
export function fieldsNamingReporters(content: AdvisoryContent, identities: readonly string[]): string[] {
  const needles = identities.map((name) => name.trim().toLowerCase()).filter((name) => name.length >= MIN_CHECKED_LENGTH);
  if (needles.length === 0) return [];
  const texts: Array<[string, string[]]> = [
    ['full.title', [content.full.title]],
    ['full.summary', [content.full.summary]],
    ['full.body', content.full.body ? [content.full.body] : []],
    ['full.recommendedActions', content.full.recommendedActions],
    ['full.indicators', content.full.indicators],
  ];
  if (content.tearLine) {
    texts.push(
      ['tearLine.title', [content.tearLine.title]],
      ['tearLine.summary', [content.tearLine.summary]],
      ['tearLine.recommendedActions', content.tearLine.recommendedActions],
    );
  }
  return texts
    .filter(([, values]) => values.some((value) => needles.some((needle) => value.toLowerCase().includes(needle))))
    .map(([field]) => field);
}
