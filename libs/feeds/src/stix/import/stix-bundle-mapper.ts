import type { Classification, Tlp } from '@app/platform/vocabulary';
import { indicatorString } from './indicator-values';
import { describeValue, readStixBundle, type StixObject } from './stix-bundle';
import { nameSome, StixImportErrors } from './stix-import-errors';
import { STIX_IMPORT_LIMITS } from './stix-import-limits';
import { readMarkings } from './stix-marking-reader';
import { readPattern } from './stix-pattern';

export interface StixMappingOptions {
  /**
   * false (the default): an indicator that cannot become indicator strings refuses the whole
   * import, so nothing a member meant to share is dropped without their say. true: such
   * indicators are skipped and listed in the result.
   */
  skipUnsupportedIndicators: boolean;
}

export interface SkippedIndicator {
  id: string;
  reason: string;
}

export interface IgnoredObjects {
  type: string;
  count: number;
}

/** What a bundle gives a draft advisory, before the member's own choices are added. */
export interface MappedStixBundle {
  bundleId: string;
  /** The report (or, in a bundle without one, the grouping) that gives the title and summary. */
  report: { id: string; name: string; description: string | null } | null;
  /** Distinct indicator strings, in the order the bundle gives them. */
  indicators: string[];
  /** The most restrictive TLP the bundle's markings give its content; null: no TLP marking. */
  tlp: Tlp | null;
  /** The council classification marking's, when the bundle carries one. */
  classification: Classification | null;
  /** Indicators that gave no indicator string, and why (revoked, or unsupported when allowed). */
  skippedIndicators: SkippedIndicator[];
  /** Objects that contributed nothing to the draft, counted by type. */
  ignoredObjects: IgnoredObjects[];
}

/**
 * A STIX 2.1 bundle (MISP and OpenCTI exports, the OASIS examples) → the parts of a draft it can
 * fill: the one report's name and description, the indicators' values, the TLP and classification
 * of its markings. Pure; refuses with a CouncilError naming the object and field at fault.
 */
export function mapStixBundle(text: string, options: StixMappingOptions): MappedStixBundle {
  const bundle = readStixBundle(text);
  const byType = (type: string) => bundle.objects.filter((object) => object.type === type);

  // MISP can export an event as a grouping instead of a report: without a report, a grouping
  // takes its place (name, description); with one, groupings are context.
  const reportType = byType('report').length === 0 && byType('grouping').length > 0 ? 'grouping' : 'report';
  const reports = byType(reportType);
  if (reports.length > 1) {
    throw StixImportErrors.refused(
      `the bundle holds ${reports.length} ${reportType}s (${nameSome(reports.map((r) => r.id))}); one advisory is made from one ${reportType}: submit them one bundle each`,
    );
  }
  const report = reports.length === 1 ? readReport(reports[0]) : null;

  const indicatorObjects = byType('indicator');
  if (indicatorObjects.length > STIX_IMPORT_LIMITS.indicators) {
    throw StixImportErrors.refused(
      `the bundle holds ${indicatorObjects.length} indicators; an advisory carries at most ${STIX_IMPORT_LIMITS.indicators}`,
    );
  }
  const indicators = new Set<string>();
  const imported = new Set<string>();
  const skipped: SkippedIndicator[] = [];
  const unsupported: SkippedIndicator[] = [];
  for (const object of indicatorObjects) {
    const reading = readIndicator(object);
    if ('revoked' in reading) {
      skipped.push({ id: object.id, reason: 'revoked by its producer' });
    } else if ('unsupported' in reading) {
      unsupported.push({ id: object.id, reason: reading.unsupported });
    } else {
      reading.indicators.forEach((indicator) => indicators.add(indicator));
      imported.add(object.id);
    }
  }
  if (unsupported.length > 0 && !options.skipUnsupportedIndicators) {
    throw StixImportErrors.refused(
      `${unsupported.length} of ${indicatorObjects.length} indicators cannot become indicator strings: ` +
        `${nameSome(unsupported.map((u) => `${u.id}: ${u.reason}`))}. ` +
        'Set skipUnsupportedIndicators to import the others and have these listed as skipped',
    );
  }
  skipped.push(...unsupported);
  if (indicators.size > STIX_IMPORT_LIMITS.indicators) {
    throw StixImportErrors.refused(
      `the indicators' patterns hold ${indicators.size} distinct values; an advisory carries at most ${STIX_IMPORT_LIMITS.indicators}`,
    );
  }

  const markings = readMarkings(bundle.objects);
  const contributed = (object: StixObject) => object === reports[0] || imported.has(object.id) || markings.deciding.has(object.id);
  const ignored = new Map<string, number>();
  for (const object of bundle.objects) {
    if (!contributed(object) && object.type !== 'indicator') ignored.set(object.type, (ignored.get(object.type) ?? 0) + 1);
  }

  return {
    bundleId: bundle.id,
    report,
    indicators: [...indicators],
    tlp: markings.tlp,
    classification: markings.classification,
    skippedIndicators: skipped,
    ignoredObjects: [...ignored].map(([type, count]) => ({ type, count })).sort((a, b) => a.type.localeCompare(b.type)),
  };
}

function readReport(report: StixObject): MappedStixBundle['report'] {
  if (typeof report.name !== 'string' || report.name.trim() === '') {
    throw StixImportErrors.objectRefused(report.id, `a ${report.type} needs a non-empty "name" (got ${describeValue(report.name)})`);
  }
  if (report.description !== undefined && typeof report.description !== 'string') {
    throw StixImportErrors.objectRefused(report.id, `"description" must be a string (got ${describeValue(report.description)})`);
  }
  if (report.revoked === true) {
    throw StixImportErrors.objectRefused(report.id, `the ${report.type} is revoked (withdrawn by its producer): there is nothing to share`);
  }
  const description = typeof report.description === 'string' && report.description.trim() !== '' ? report.description.trim() : null;
  return { id: report.id, name: report.name.trim(), description };
}

type IndicatorReading = { indicators: string[] } | { unsupported: string } | { revoked: true };

function readIndicator(indicator: StixObject): IndicatorReading {
  if (typeof indicator.pattern !== 'string') {
    throw StixImportErrors.objectRefused(indicator.id, `an indicator needs a "pattern" string (got ${describeValue(indicator.pattern)})`);
  }
  if (typeof indicator.pattern_type !== 'string') {
    throw StixImportErrors.objectRefused(
      indicator.id,
      `an indicator needs a "pattern_type" (got ${describeValue(indicator.pattern_type)})`,
    );
  }
  if (indicator.revoked !== undefined && typeof indicator.revoked !== 'boolean') {
    throw StixImportErrors.objectRefused(indicator.id, `"revoked" must be true or false (got ${describeValue(indicator.revoked)})`);
  }
  if (indicator.revoked === true) return { revoked: true };
  if (indicator.pattern_type !== 'stix') {
    return { unsupported: `its pattern_type is ${describeValue(indicator.pattern_type)}; only STIX patterns are read` };
  }
  const reading = readPattern(indicator.pattern);
  if ('unsupported' in reading) return reading;
  const strings: string[] = [];
  for (const comparison of reading.comparisons) {
    const result = indicatorString(comparison.kind, comparison.value);
    if ('problem' in result) return { unsupported: result.problem };
    strings.push(result.indicator);
  }
  return { indicators: strings };
}
