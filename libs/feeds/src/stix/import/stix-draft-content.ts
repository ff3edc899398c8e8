import type { AdvisoryContent, AudienceContent, TearLineContent } from '@app/advisories/lifecycle/advisory-content';
import { ADVISORY_LIMITS, characterCount } from '@app/advisories/lifecycle/advisory-limits';
import { Classification, CLASSIFICATION_ORDER, rank, type Severity, Tlp, TLP_ORDER } from '@app/platform/vocabulary';
import type { MappedStixBundle } from './stix-bundle-mapper';
import { StixImportErrors } from './stix-import-errors';

/**
 * What STIX cannot carry and a draft needs, as the member gives it with the bundle: createAdvisory's
 * choices, plus a floor for the classification and TLP and optional wording of their own.
 */
export interface StixImportFrame {
  severity: Severity;
  attributed: boolean;
  /** The lowest classification; a council classification marking in the bundle may raise it. */
  classification: Classification;
  /** The lowest TLP; the bundle's TLP markings may raise it. Needed when the bundle has none. */
  tlp: Tlp | null;
  /** Instead of the report's name; needed when the bundle has no report. */
  title: string | null;
  /** Instead of a summary taken from the report's description (which then becomes the body). */
  summary: string | null;
  recommendedActions: string[];
  tearLine: TearLineContent | null;
  audience: AudienceContent;
}

/**
 * The draft's content: the frame's choices and the bundle's report, indicators and markings.
 * Markings only ever raise what the member chose: the most restrictive of the two wins, so an
 * import never shares content more widely than its producer marked it.
 */
export function draftContentOf(mapped: MappedStixBundle, frame: StixImportFrame): AdvisoryContent {
  const { report } = mapped;
  if (!report && mapped.indicators.length === 0) {
    throw StixImportErrors.refused(
      'the bundle holds neither a report nor an indicator that could be imported: there is nothing to make a draft of',
    );
  }

  const title = frame.title ?? report?.name ?? null;
  if (title === null) {
    throw StixImportErrors.refused(
      `the bundle (${mapped.bundleId}) has no report to take a title from: give input.title and input.summary`,
    );
  }
  if (frame.title === null && report && characterCount(report.name) > ADVISORY_LIMITS.title) {
    throw StixImportErrors.objectRefused(
      report.id,
      `name is ${characterCount(report.name)} characters; a title is at most ${ADVISORY_LIMITS.title}: give input.title`,
    );
  }

  const description = report?.description ?? null;
  let summary: string;
  let body: string | null;
  if (frame.summary !== null) {
    summary = frame.summary;
    body = description;
  } else if (description !== null) {
    summary = summaryOf(description);
    body = summary === description ? null : description;
  } else {
    throw StixImportErrors.refused(
      report
        ? `${report.id} has no description to take a summary from: give input.summary`
        : 'the bundle has no report: give input.summary',
    );
  }

  const tlps = [mapped.tlp, frame.tlp].filter((tlp): tlp is Tlp => tlp !== null);
  if (tlps.length === 0) {
    throw StixImportErrors.refused(
      "no object of the bundle carries a TLP marking: give input.tlp (the bundle's producer did not say how far it may be shared)",
    );
  }

  return {
    severity: frame.severity,
    attributed: frame.attributed,
    full: {
      classification: highest(CLASSIFICATION_ORDER, [frame.classification, mapped.classification]),
      tlp: highest(TLP_ORDER, tlps),
      title,
      summary,
      body,
      recommendedActions: frame.recommendedActions,
      indicators: mapped.indicators,
    },
    tearLine: frame.tearLine,
    audience: frame.audience,
  };
}

/**
 * The description when it fits a summary; otherwise its first paragraph, or failing that its
 * beginning cut at a word and marked with an ellipsis (the whole text is the body then).
 */
export function summaryOf(description: string): string {
  const max = ADVISORY_LIMITS.summary;
  if (characterCount(description) <= max) return description;
  const firstParagraph = description.split(/\n\s*\n/)[0].trim();
  if (characterCount(firstParagraph) <= max) return firstParagraph;
  const characters = [...description].slice(0, max - 1).join('');
  const cut = characters.replace(/\s+\S*$/, '');
  return `${cut.length > 0 ? cut : characters}…`;
}

function highest<T>(order: readonly T[], values: ReadonlyArray<T | null>): T {
  const present = values.filter((value): value is T => value !== null);
  return present.reduce((a, b) => (rank(order, b) > rank(order, a) ? b : a));
}
