import { Injectable } from '@nestjs/common';
import { AdvisoryErrors } from '@app/advisories/lifecycle/advisory-errors';
import { AdvisoryLifecycleService } from '@app/advisories/lifecycle/advisory-lifecycle.service';
import type { AdvisoryView } from '@app/policy/advisories/advisory-projection';
import { PolicyService } from '@app/policy/policy.service';
import type { Reader } from '@app/policy/reader';
import { mapStixBundle, type IgnoredObjects, type SkippedIndicator } from './stix-bundle-mapper';
import { draftContentOf, type StixImportFrame } from './stix-draft-content';

export interface StixImportRequest extends StixImportFrame {
  /** The bundle's JSON text, untrusted. */
  bundle: string;
  skipUnsupportedIndicators: boolean;
}

export interface StixImportOutcome {
  advisory: AdvisoryView;
  bundleId: string;
  reportId: string | null;
  indicatorCount: number;
  skippedIndicators: SkippedIndicator[];
  ignoredObjects: IgnoredObjects[];
}

/**
 * A member's STIX 2.1 bundle becomes a DRAFT advisory. The bundle is read and mapped completely
 * before anything is written; the draft is then created by the advisory lifecycle itself, so its
 * authorization, writing rules, limits and audit row apply unchanged, in its one transaction: a
 * refused import writes nothing.
 */
@Injectable()
export class StixImportService {
  constructor(
    private readonly lifecycle: AdvisoryLifecycleService,
    private readonly policy: PolicyService,
  ) {}

  async importBundle(author: Reader, request: StixImportRequest): Promise<StixImportOutcome> {
    // The lifecycle decides again when it creates; asking first spares a person who may not
    // author anything the work of reading their bundle, and gives them createAdvisory's answer.
    if (!this.policy.canOnAdvisory(author, 'create', {})) {
      throw AdvisoryErrors.notAllowed(
        'Only members of the council author advisories: an active membership and a valid confidentiality pledge are needed',
      );
    }
    const mapped = mapStixBundle(request.bundle, { skipUnsupportedIndicators: request.skipUnsupportedIndicators });
    const advisory = await this.lifecycle.create(author, draftContentOf(mapped, request));
    return {
      advisory,
      bundleId: mapped.bundleId,
      reportId: mapped.report?.id ?? null,
      indicatorCount: mapped.indicators.length,
      skippedIndicators: mapped.skippedIndicators,
      ignoredObjects: mapped.ignoredObjects,
    };
  }
}
