import { CouncilError } from '@app/platform/errors/council-error';
import { STIX_IMPORT_LIMITS } from './stix-import-limits';

/** Every refusal of an import is BAD_USER_INPUT whose message names the object and the field. */
export const StixImportErrors = {
  refused: (problem: string): CouncilError => CouncilError.badInput(`STIX import refused: ${problem}`),

  /** `subject` is an object id (or its position when it has no usable id). */
  objectRefused: (subject: string, problem: string): CouncilError =>
    CouncilError.badInput(`STIX import refused: ${subject}: ${problem}`, { object: subject }),
};

/** "a, b, c and 4 more": a list that stays readable however long the bundle is. */
export function nameSome(items: readonly string[]): string {
  const shown = items.slice(0, STIX_IMPORT_LIMITS.namedInMessage);
  const more = items.length - shown.length;
  return more > 0 ? `${shown.join('; ')}; and ${more} more` : shown.join('; ');
}
