import {
  EMPTY_AUDIENCE,
  type AdvisoryContent,
  type AdvisoryContentPatch,
  type AudienceContent,
  type FullViewContent,
  type TearLineContent,
} from '@app/advisories/lifecycle/advisory-content';
import { AdvisoryErrors } from '@app/advisories/lifecycle/advisory-errors';
import type { WideningRequest } from '@app/advisories/widening/widening-request';
import type { AdvisoryWideningInput } from './advisory-widening.input';
import type { AudienceInput } from './audience.input';
import type { CreateAdvisoryInput } from './create-advisory.input';
import type { TearLineInput } from './tear-line.input';
import type { UpdateAdvisoryInput } from './update-advisory.input';
import type { ViewInput } from './view.input';

/** GraphQL inputs to the lifecycle's content shapes; null and left-out fields mean the same here. */
export function toContent(input: CreateAdvisoryInput): AdvisoryContent {
  return {
    severity: input.severity,
    attributed: input.attributed,
    full: toFullView(input.full),
    tearLine: input.tearLine ? toTearLine(input.tearLine) : null,
    audience: { ...EMPTY_AUDIENCE, ...toAudiencePatch(input.audience) },
  };
}

export function toPatch(input: UpdateAdvisoryInput): AdvisoryContentPatch {
  if (input.removeTearLine && input.tearLine) {
    throw AdvisoryErrors.invalid([{ field: 'input.removeTearLine', problem: 'give either tearLine or removeTearLine, not both' }]);
  }
  const patch: AdvisoryContentPatch = {};
  if (input.severity != null) patch.severity = input.severity;
  if (input.attributed != null) patch.attributed = input.attributed;
  if (input.full) patch.full = toFullView(input.full);
  if (input.tearLine) patch.tearLine = toTearLine(input.tearLine);
  if (input.removeTearLine) patch.tearLine = null;
  if (input.audience) patch.audience = toAudiencePatch(input.audience);
  return patch;
}

export function toWideningRequest(input: AdvisoryWideningInput): WideningRequest {
  const request: WideningRequest = {};
  if (input.fullClassification != null) request.fullClassification = input.fullClassification;
  if (input.fullTlp != null) request.fullTlp = input.fullTlp;
  if (input.tearLine) request.tearLine = toTearLine(input.tearLine);
  if (input.audience) request.audience = toAudiencePatch(input.audience);
  return request;
}

function toFullView(view: ViewInput): FullViewContent {
  return {
    classification: view.classification,
    tlp: view.tlp,
    title: view.title,
    summary: view.summary,
    body: view.body ?? null,
    recommendedActions: view.recommendedActions ?? [],
    indicators: view.indicators ?? [],
  };
}

function toTearLine(tearLine: TearLineInput): TearLineContent {
  return {
    classification: tearLine.classification,
    tlp: tearLine.tlp,
    title: tearLine.title,
    summary: tearLine.summary,
    recommendedActions: tearLine.recommendedActions ?? [],
    releaseToNonMemberLocalGovernments: tearLine.releaseToNonMemberLocalGovernments,
  };
}

function toAudiencePatch(audience: AudienceInput): Partial<AudienceContent> {
  const patch: Partial<AudienceContent> = {};
  if (audience.tiers != null) patch.tiers = audience.tiers;
  if (audience.sectors != null) patch.sectors = audience.sectors;
  if (audience.regions != null) patch.regions = audience.regions;
  if (audience.organisationIds != null) patch.organisationIds = audience.organisationIds;
  if (audience.personIds != null) patch.personIds = audience.personIds;
  if (audience.noForeign != null) patch.noForeign = audience.noForeign;
  return patch;
}
