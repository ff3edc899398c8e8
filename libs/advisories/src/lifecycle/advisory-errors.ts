import { CouncilError } from '@app/platform/errors/council-error';
import type { WritingProblem } from './writing-rules';
import type { Widening } from './widening';

/**
 * The lifecycle's refusals, worded once. An advisory that does not exist for the actor and one
 * that does not exist at all get the very same error, whatever the mutation.
 */
export const AdvisoryErrors = {
  notFound: (): CouncilError => CouncilError.notFound('Advisory'),

  notAllowed: (message: string): CouncilError => CouncilError.forbidden(message),

  /** Same shape as the validation pipe's ("Invalid input: field: rule; ..."). */
  invalid: (problems: WritingProblem[]): CouncilError => {
    const lines = problems.map((p) => `${p.field}: ${p.problem}`);
    return CouncilError.badInput(`Invalid input: ${lines.join('; ')}`, { problems: lines });
  },

  wideningNeedsConsent: (widenings: Widening[]): CouncilError =>
    new CouncilError(
      'FORBIDDEN',
      "Widening a published advisory needs the originator organisation's consent to a secretariat proposal " +
        `(proposeAdvisoryWidening): ${widenings.map((w) => `${w.field} ${w.change}`).join('; ')}`,
      { widens: widenings.map((w) => `${w.field}: ${w.change}`) },
    ),
};
