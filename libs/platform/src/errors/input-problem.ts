import { CouncilError } from './council-error';

/**
 * A refusal of one input field, worded like the validation pipe's ("Invalid input: field: rule"),
 * so that a client reads the same shape whether the edge or the domain caught the problem.
 */
export function inputProblem(field: string, problem: string): CouncilError {
  const line = `${field}: ${problem}`;
  return CouncilError.badInput(`Invalid input: ${line}`, { problems: [line] });
}
