import { ADVISORY_LIMITS } from '@app/advisories/lifecycle/advisory-limits';

/**
 * How much of an untrusted STIX bundle we are willing to read. The request body is capped at 1 MB
 * (RUNNING.md); the bundle travels as a JSON string inside it, escaped, so its own cap sits below.
 * Nothing in a bundle may be larger than the largest advisory field it could end up in.
 */
export const STIX_IMPORT_LIMITS = {
  /** Characters of the bundle's JSON text. */
  bundleCharacters: 500_000,
  /** Objects in the bundle (threat reports of MISP or OpenCTI carry a few hundred). */
  objects: 2_000,
  /** Indicator objects, and indicator strings after splitting OR patterns: RUNNING.md's 500. */
  indicators: ADVISORY_LIMITS.indicators,
  /** Nesting of arrays and objects (OpenCTI's extensions reach 6). */
  depth: 20,
  /** Any string value: the advisory body's limit, the largest field one could fill. */
  stringCharacters: ADVISORY_LIMITS.body,
  /** Property names (STIX: at most 250). */
  keyCharacters: 250,
  /** Refused or skipped objects named in one message. */
  namedInMessage: 10,
} as const;
