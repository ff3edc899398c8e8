import type { StixImportRequest } from '@app/feeds/stix/import/stix-import.service';
import { Classification, Tlp } from '@app/platform/vocabulary';
import { toContent } from '../../../advisories/dto/advisory-input.mapper';
import type { ImportStixBundleInput } from './import-stix-bundle.input';

/**
 * The GraphQL input to the import's request. The tear line and audience go through createAdvisory's
 * own mapper, so they mean exactly what they mean there (a list left out is empty); its full view
 * is a stand-in that is dropped, since the bundle supplies the real one.
 */
const STAND_IN_VIEW = { classification: Classification.UNCLASSIFIED, tlp: Tlp.CLEAR, title: '-', summary: '-' };

export function toStixImportRequest(input: ImportStixBundleInput): StixImportRequest {
  const { tearLine, audience } = toContent({
    severity: input.severity,
    attributed: input.attributed,
    full: STAND_IN_VIEW,
    tearLine: input.tearLine ?? null,
    audience: input.audience,
  });
  return {
    bundle: input.bundle,
    severity: input.severity,
    attributed: input.attributed,
    classification: input.classification,
    tlp: input.tlp ?? null,
    title: input.title?.trim() ?? null,
    summary: input.summary?.trim() ?? null,
    recommendedActions: input.recommendedActions ?? [],
    tearLine,
    audience,
    skipUnsupportedIndicators: input.skipUnsupportedIndicators ?? false,
  };
}
