/**
 * The person's own filters of a channel, as SQL over `alert_channels <c>` and the advisory row
 * `advisories <adv>` (issue 4 "Each person chooses what reaches them"). Used only inside the
 * fan-out's set-based statements: the advisory's audience columns are compared there and never
 * selected or returned, so a filter reveals nothing about an audience beyond the alert itself.
 *
 * - sectors: a channel with sectors carries an advisory whose audience is every sector (empty) or
 *   names one of them;
 * - regions: a channel with regions carries an advisory whose audience is nationwide (empty) or
 *   overlaps them, a prefecture overlapping its own municipalities both ways ("13" matches an
 *   audience of "13101", and "13101" an audience of "13"; JIS X 0402 codes start with the
 *   prefecture's two digits);
 * - an empty list is no filter.
 *
 * And a channel whose address is not confirmed (an unverified EMAIL channel) takes nothing: every
 * statement that picks a person's channels for an alert goes through this filter.
 */
export function channelFilterSql(c: string, adv: string): string {
  return `${c}.verified
    AND (cardinality(${c}.sectors) = 0 OR cardinality(${adv}.audience_sectors) = 0 OR ${c}.sectors && ${adv}.audience_sectors)
    AND (cardinality(${c}.regions) = 0 OR cardinality(${adv}.audience_regions) = 0
      OR EXISTS (SELECT 1 FROM unnest(${c}.regions) AS cr(code) CROSS JOIN unnest(${adv}.audience_regions) AS ar(code)
                 WHERE cr.code = ar.code OR cr.code = left(ar.code, 2) OR left(cr.code, 2) = ar.code))`;
}

/** Severities a channel may collect into the daily digest; CRITICAL and HIGH always go at once. */
export const DIGESTIBLE_SEVERITIES = ['LOW', 'INFO'] as const;
