import type { Classification, Tlp } from '@app/platform/vocabulary';
import type { AdvisoryContent, AdvisoryContentPatch, AudienceContent, TearLineContent } from '../lifecycle/advisory-content';

/**
 * What the secretariat may propose to change on a published advisory: the restrictions only (the
 * views' classification and TLP, the tear line, the audience), never what the originator wrote in
 * the FULL view or its severity.
 */
export interface WideningRequest {
  fullClassification?: Classification;
  fullTlp?: Tlp;
  /** Adds the tear line, or replaces it. */
  tearLine?: TearLineContent;
  /** Each list given replaces that list; one left out stays. */
  audience?: Partial<AudienceContent>;
}

/** What widening_proposals.changes holds. */
export interface StoredWideningProposal {
  request: WideningRequest;
  note: string | null;
  /** The widenings found when it was proposed, as "field: change". */
  widens: string[];
}

export function wideningPatch(current: AdvisoryContent, request: WideningRequest): AdvisoryContentPatch {
  const patch: AdvisoryContentPatch = {};
  if (request.fullClassification !== undefined || request.fullTlp !== undefined) {
    patch.full = {
      ...current.full,
      classification: request.fullClassification ?? current.full.classification,
      tlp: request.fullTlp ?? current.full.tlp,
    };
  }
  if (request.tearLine) patch.tearLine = request.tearLine;
  if (request.audience) patch.audience = request.audience;
  return patch;
}
