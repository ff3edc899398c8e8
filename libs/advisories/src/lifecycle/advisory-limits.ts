/** RUNNING.md "Limits": clients rely on these; the API's DTOs and the domain check the same numbers. */
export const ADVISORY_LIMITS = {
  title: 300,
  summary: 4_000,
  body: 100_000,
  /** Each recommended action and each indicator. */
  item: 2_000,
  indicators: 500,
  /** Rejection and withdrawal reasons (the columns' length). */
  reason: 4_000,
} as const;

/**
 * Length in characters as a reader counts them (Unicode code points), not UTF-16 units: a title of
 * 300 kanji or emoji is 300 characters, as PostgreSQL's varchar(300) counts it too.
 */
export function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}
