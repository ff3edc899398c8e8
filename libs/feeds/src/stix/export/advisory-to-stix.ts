import { AccessLevel, AdvisoryStatus } from '@app/platform/vocabulary';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { CLASSIFICATION_MARKING_IDS, COUNCIL_IDENTITY_ID, TLP2_MARKING_IDS } from '../stix-markings';
import { typeIndicator, type TypedIndicator } from './indicator-patterns';
import { indicatorId, reportId } from './stix-object-ids';
import type { StixIndicator, StixObject, StixReport } from './stix-objects';

const KIND_NAMES: Readonly<Record<TypedIndicator['kind'], string>> = {
  'ipv4-addr': 'IPv4',
  'ipv6-addr': 'IPv6',
  'domain-name': 'Domain',
  url: 'URL',
  MD5: 'MD5',
  'SHA-1': 'SHA-1',
  'SHA-256': 'SHA-256',
  'SHA-512': 'SHA-512',
};

/** True for the views the council exports as STIX: readable content (FULL or TEAR_LINE), published or withdrawn. */
export function isExportable(view: AdvisoryView): boolean {
  return (
    (view.access === AccessLevel.FULL || view.access === AccessLevel.TEAR_LINE) &&
    (view.status === AdvisoryStatus.PUBLISHED || view.status === AdvisoryStatus.WITHDRAWN)
  );
}

/** STIX timestamps: UTC, millisecond precision (Date has no more). */
function stixTime(date: Date): string {
  return date.toISOString();
}

function description(view: AdvisoryView, untyped: readonly string[]): string | undefined {
  const parts: string[] = [];
  if (view.summary) parts.push(view.summary);
  // Belt and braces: the projection already gives a tear-line view no body.
  if (view.body && view.access === AccessLevel.FULL) parts.push(view.body);
  if (view.recommendedActions?.length) {
    parts.push(['Recommended actions:', ...view.recommendedActions.map((a) => `- ${a}`)].join('\n'));
  }
  if (untyped.length) parts.push(['Other indicators:', ...untyped.map((i) => `- ${i}`)].join('\n'));
  return parts.length ? parts.join('\n\n') : undefined;
}

/**
 * One advisory view as STIX 2.1: a `report` (and an `indicator` per typed indicator of a FULL view),
 * built from the policy's projection only, so that nothing the reader may not see can appear: a
 * tear-line view has no body and no indicators to begin with. A withdrawn advisory is its report
 * revoked, with no content at all. Every object carries the view's official TLP 2.0 marking and the
 * council's classification marking. Pure: the same view gives the same objects.
 *
 * Returns [] for views that are not exportable (metadata only, drafts, ...).
 */
export function advisoryViewToStix(view: AdvisoryView): StixObject[] {
  if (!isExportable(view)) return [];
  const published = view.publishedAt ?? view.updatedAt;
  const created = stixTime(published.getTime() <= view.updatedAt.getTime() ? published : view.updatedAt);
  const modified = stixTime(view.updatedAt);
  const markings = [TLP2_MARKING_IDS[view.tlp], CLASSIFICATION_MARKING_IDS[view.classification]];
  const common = { spec_version: '2.1' as const, created, modified, created_by_ref: COUNCIL_IDENTITY_ID };
  const id = reportId(view.id, view.access);

  if (view.status === AdvisoryStatus.WITHDRAWN) {
    const revoked: StixReport = {
      type: 'report',
      id,
      ...common,
      name: 'Withdrawn advisory',
      report_types: ['threat-report'],
      published: stixTime(published),
      object_refs: [COUNCIL_IDENTITY_ID],
      revoked: true,
      object_marking_refs: markings,
    };
    return [revoked];
  }

  const typed: Array<{ raw: string; indicator: TypedIndicator }> = [];
  const untyped: string[] = [];
  const seen = new Set<string>();
  // Indicators belong to the FULL view only (the projection gives a tear-line view none).
  for (const raw of view.access === AccessLevel.FULL ? (view.indicators ?? []) : []) {
    const indicator = typeIndicator(raw);
    if (!indicator) {
      if (raw.trim() !== '') untyped.push(raw.trim());
    } else if (!seen.has(indicator.value)) {
      seen.add(indicator.value);
      typed.push({ raw, indicator });
    }
  }
  // The id is named after the stored string itself, so that PostgreSQL can find it (TAXII by id).
  const indicators: StixIndicator[] = typed.map(({ raw, indicator }) => ({
    type: 'indicator',
    id: indicatorId(view.id, raw),
    ...common,
    name: `${KIND_NAMES[indicator.kind]} ${indicator.value}`,
    pattern: indicator.pattern,
    pattern_type: 'stix',
    pattern_version: '2.1',
    valid_from: stixTime(published),
    object_marking_refs: markings,
  }));
  const text = description(view, untyped);
  const report: StixReport = {
    type: 'report',
    id,
    ...common,
    name: view.title ?? 'Advisory',
    ...(text !== undefined ? { description: text } : {}),
    report_types: ['threat-report'],
    published: stixTime(published),
    object_refs: indicators.length ? indicators.map((i) => i.id) : [COUNCIL_IDENTITY_ID],
    labels: [`severity:${view.severity.toLowerCase()}`],
    object_marking_refs: markings,
  };
  return [report, ...indicators];
}
